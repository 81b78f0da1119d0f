/**
 * The document's heading: the first heading-like line (large or capitals, short, near the top of
 * the first page) that is not the sender's letterhead or a labelled field.
 */
import { isHeadingLine, namesDocumentType } from './classify.ts';
import type { DocLine } from './text.ts';

const ORGANISATION =
  /(?:hospital|clinic|centre|center|practice|surgery|medical\s+group|healthcare|nhs\s+trust|trust|university|hopital|clinique|cabinet|centre\s+hospitalier|chu|klinik|klinikum|praxis|krankenhaus|ziekenhuis|kliniek|praktijk|huisartsen|medisch\s+centrum|umc|hospital|clinica|centro\s+de\s+salud|consultorio|laboratory|laboratoire|labor|laboratorium|laboratorio|imaging|radiology\s+(?:group|centre|center|department)|institut|instituut|instituto)\b/i;

export function documentTitle(lines: readonly DocLine[]): { text: string; line: DocLine } | null {
  const firstPage = lines.filter((l) => l.page === 0);
  const candidates = firstPage.filter(
    (l) =>
      isHeadingLine(l) &&
      l.top < 0.6 &&
      !/:\s*\S/.test(l.text) &&
      /\p{L}{3,}/u.test(l.text) &&
      !/^(?:dr|prof|docteur|doctor|dokter)\b/.test(l.folded) &&
      (!ORGANISATION.test(l.folded) || namesDocumentType(l)),
  );
  // A line naming a document type wins, then the largest; among equals, the higher one.
  const rank = (l: DocLine) => (namesDocumentType(l) ? 10 : 0) + l.relativeSize;
  candidates.sort((a, b) => rank(b) - rank(a) || a.index - b.index);
  const best = candidates[0];
  return best ? { text: best.text.replace(/\s{2,}/g, ' ').trim(), line: best } : null;
}
