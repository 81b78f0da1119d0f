import { describe, expect, it } from 'vitest';
import { repairOcrUnit } from '../lab-report/units/synonyms.ts';
import { restoreDecimalPoint } from './decimals.ts';
import { estimateSkew, findPageQuad, type GreyImage, warpQuad } from './geometry.ts';
import { tsvToBlocks } from './native.ts';
import { stretchContrast } from './normalise.ts';
import {
  lessEqualMisread,
  repairRangeWords,
  splitAtGap,
  splitGluedTo,
  unreliableWord,
  wordsToBoxes,
} from './tesseract.ts';

function blank(width: number, height: number, value: number): GreyImage {
  return { data: new Uint8Array(width * height).fill(value), width, height };
}
function fill(image: GreyImage, x0: number, y0: number, x1: number, y1: number, value: number): void {
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) image.data[y * image.width + x] = value;
}

describe('OCR image preparation', () => {
  it('finds a tilted page on a dark background and rectifies it', () => {
    const image = blank(400, 500, 50);
    const quad = [
      { x: 60, y: 40 },
      { x: 330, y: 70 },
      { x: 350, y: 450 },
      { x: 40, y: 430 },
    ];
    // Paint the quadrilateral: a point is inside when it is left of every edge (clockwise order).
    for (let y = 0; y < 500; y++) {
      for (let x = 0; x < 400; x++) {
        const inside = quad.every((a, i) => {
          const b = quad[(i + 1) % 4]!;
          return (b.x - a.x) * (y - a.y) - (b.y - a.y) * (x - a.x) >= 0;
        });
        if (inside) image.data[y * 400 + x] = 230;
      }
    }
    const found = findPageQuad(image);
    expect(found).not.toBeNull();
    found!.forEach((p, i) => {
      expect(Math.abs(p.x - quad[i]!.x)).toBeLessThan(4);
      expect(Math.abs(p.y - quad[i]!.y)).toBeLessThan(4);
    });
    const page = warpQuad(image, found!, 300, 400);
    // The rectified page is paper to its edges.
    const mean = page.data.reduce((a, b) => a + b, 0) / page.data.length;
    expect(mean).toBeGreaterThan(215);
  });

  it('leaves a page that fills the image alone', () => {
    const image = blank(300, 400, 240);
    fill(image, 40, 40, 260, 50, 20);
    expect(findPageQuad(image)).toBeNull();
  });

  it('measures the skew of text lines, on images of even and odd heights', () => {
    const lines = (height: number, degrees: number) => {
      const image = blank(600, height, 255);
      const slope = Math.tan((degrees * Math.PI) / 180);
      for (let line = 0; line < 8; line++) {
        for (let x = 50; x < 550; x++) {
          if (x % 9 < 2) continue; // gaps between letters
          const y = Math.round(40 + line * 40 + (x - 300) * slope);
          fill(image, x, y, x + 1, y + 8, 0);
        }
      }
      return image;
    };
    expect(estimateSkew(lines(400, 1.5))).toBeCloseTo(1.5, 0);
    // An odd height once made every angle score the same, and a straight page was turned by 4°.
    expect(estimateSkew(lines(401, 1.5))).toBeCloseTo(1.5, 0);
    expect(Math.abs(estimateSkew(lines(401, 0)))).toBeLessThan(0.3);
  });

  it('stretches contrast from the ink, so a sparse noisy page keeps white paper', () => {
    // Paper at 240-250 (noise), one short line of ink: ink is 0.2 % of the pixels.
    const image = blank(500, 500, 245);
    for (let i = 0; i < image.data.length; i++) image.data[i] = 240 + ((i * 7919) % 11);
    fill(image, 50, 50, 150, 55, 40);
    const out = stretchContrast(image);
    const sorted = [...out.data].sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length * 0.05)]).toBeGreaterThan(200);
    expect(out.data[52 * 500 + 100]).toBe(0);
  });
});

describe('OCR text repairs', () => {
  /** Two 12x20 digit blobs on a 40x28 crop, optionally with a 3x3 dot on the baseline between them. */
  function number(withDot: boolean): GreyImage {
    const image = blank(40, 28, 250);
    fill(image, 2, 4, 14, 24, 10);
    fill(image, 24, 4, 36, 24, 10);
    if (withDot) fill(image, 17, 21, 20, 24, 10);
    return image;
  }
  const box = { x0: 2, y0: 4, x1: 36, y1: 24 };

  it('puts back a decimal point the recogniser dropped, only when the pixels show one', () => {
    expect(restoreDecimalPoint(number(true), '85', box)).toBe('8.5');
    expect(restoreDecimalPoint(number(false), '85', box)).toBe('85');
    // A blob count that does not match the digits read is left alone.
    expect(restoreDecimalPoint(number(true), '805', box)).toBe('805');
    expect(restoreDecimalPoint(number(true), 'HB', box)).toBe('HB');
  });

  it("looks for a dropped decimal point inside a word too, on the number's own characters", () => {
    // `8,5mg` read as `85mg`: digits at 2-36 with a dot between them, then two letters.
    const image = blank(80, 28, 250);
    fill(image, 2, 4, 14, 24, 10);
    fill(image, 24, 4, 36, 24, 10);
    fill(image, 17, 21, 20, 24, 10);
    fill(image, 44, 10, 56, 24, 10);
    fill(image, 60, 10, 72, 24, 10);
    const symbol = (text: string, x0: number, x1: number) => ({ text, bbox: { x0, y0: 4, x1, y1: 24 } });
    const word = {
      text: '85mg',
      confidence: 90,
      bbox: { x0: 2, y0: 4, x1: 72, y1: 24 },
      symbols: [symbol('8', 2, 14), symbol('5', 24, 36), symbol('m', 44, 56), symbol('g', 60, 72)],
    };
    const data = {
      blocks: [{ paragraphs: [{ lines: [{ words: [word], baseline: { x0: 0, y0: 24, x1: 80, y1: 24 } }] }] }],
    };
    expect(wordsToBoxes(data, image).map((b) => b.text)).toEqual(['8.5mg']);
  });

  it('splits a word where its characters leave a space-wide gap (a flag glued to its value)', () => {
    const symbol = (text: string, x0: number, x1: number) => ({ text, bbox: { x0, y0: 746, x1, y1: 767 } });
    // `7,3 ↓` recognised as one word `7.31`: the arrow sits 11 px after the 3, the usual gap is 2 px.
    const word = {
      text: '7.31',
      confidence: 90,
      bbox: { x0: 807, y0: 746, x1: 857, y1: 767 },
      symbols: [symbol('7', 807, 820), symbol('.', 822, 826), symbol('3', 828, 841), symbol('1', 851, 857)],
    };
    expect(splitAtGap(word).map((w) => [w.text, w.bbox.x0, w.bbox.x1])).toEqual([
      ['7.3', 807, 841],
      ['1', 851, 857],
    ]);
    // Letters of a word stay together however wide they are spaced, and so do digits around a point.
    const letters = {
      ...word,
      text: 'Gravity',
      symbols: [...'Gravit']
        .map((c, i) => symbol(c, 807 + i * 14, 819 + i * 14))
        .concat(symbol('y', 905, 915)),
    };
    expect(splitAtGap(letters)).toEqual([letters]);
    const decimal = {
      ...word,
      text: '91.4',
      symbols: [symbol('9', 807, 820), symbol('1', 822, 835), symbol('.', 846, 850), symbol('4', 861, 874)],
    };
    expect(splitAtGap(decimal)).toEqual([decimal]);
    // Evenly spaced characters stay one word.
    const even = {
      ...word,
      text: '731',
      symbols: [symbol('7', 807, 820), symbol('3', 822, 835), symbol('1', 837, 850)],
    };
    expect(splitAtGap(even)).toEqual([even]);
  });

  it('keeps low-confidence words that hold text (units, intervals) and drops specks', () => {
    expect(unreliableWord('umolL', 3)).toBe(false);
    expect(unreliableWord('[39-55]', 0)).toBe(false);
    expect(unreliableWord('~~', 5)).toBe(true);
    expect(unreliableWord('i', 12)).toBe(true);
    expect(unreliableWord('i', 60)).toBe(false);
  });

  it('reads `10` between two interval ends as `to`', () => {
    expect(repairRangeWords(['Ref.', '70', '10', '99'])).toEqual(['Ref.', '70', 'to', '99']);
    expect(repairRangeWords(['0.45', '10', '4.50'])).toEqual(['0.45', 'to', '4.50']);
    expect(repairRangeWords(['4.0', '10', '11.0'])).toEqual(['4.0', '10', '11.0']);
    expect(repairRangeWords(['0.74101.35'])).toEqual(['0.74 to 1.35']);
  });

  it('reads `to` glued to the lower bound as `10` only before a larger bound', () => {
    expect(splitGluedTo(['2.1510', '2.55'])).toEqual(['2.15 to', '2.55']);
    expect(splitGluedTo(['7.510', '1.2'])).toEqual(['7.510', '1.2']);
    expect(splitGluedTo(['2.1510', 'mmol/L'])).toEqual(['2.1510', 'mmol/L']);
  });

  it('reads `s`, `$`, `£` and `§` before a bare number as `≤`', () => {
    expect(lessEqualMisread('(s5.2)')).toBe('(≤5.2)');
    expect(lessEqualMisread('$40')).toBe('≤40');
    expect(lessEqualMisread('£20')).toBe('≤20');
    expect(lessEqualMisread('s1')).toBe('≤1');
    expect(lessEqualMisread('mmol/s')).toBe('mmol/s');
    expect(lessEqualMisread('s5a')).toBe('s5a');
  });

  it('repairs typical unit misreadings only into known units', () => {
    expect(repairOcrUnit('Thousand/ul.')).toBe('Thousand/ul');
    expect(repairOcrUnit('UL')).toBe('U/L');
    expect(repairOcrUnit('10%6/ul')).toBe('10^6/ul');
    expect(repairOcrUnit('gm/di')).toBe('gm/dl');
    expect(repairOcrUnit('iL')).toBe('fL');
    expect(repairOcrUnit('Jcumm')).toBe('/cumm');
    expect(repairOcrUnit('banana')).toBeNull();
  });

  it('reads the native binary TSV into the words tesseract.js returns', () => {
    const tsv = [
      'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext',
      '4\t1\t1\t1\t1\t0\t10\t20\t300\t30\t-1\t',
      '5\t1\t1\t1\t1\t1\t10\t20\t120\t30\t96.5\tGlucose',
      '5\t1\t1\t1\t1\t2\t200\t20\t40\t30\t91\t5.2',
      '5\t1\t1\t1\t2\t1\t10\t70\t150\t30\t88\tSodium',
    ].join('\n');
    const boxes = wordsToBoxes(tsvToBlocks(tsv));
    expect(boxes.map((b) => [b.text, b.x0, b.y, b.confidence])).toEqual([
      ['Glucose', 10, 50, 0.965],
      ['5.2', 200, 50, 0.91],
      ['Sodium', 10, 100, 0.88],
    ]);
  });
});
