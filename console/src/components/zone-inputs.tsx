/** A zone rule's inputs: the page and a box as fractions of the page (also drawn on the live preview's sample). */
import type { RuleRow } from '../lib/template-form.ts';

const CORNERS = [
  { key: 'x0', label: 'Left (x0)' },
  { key: 'y0', label: 'Top (y0)' },
  { key: 'x1', label: 'Right (x1)' },
  { key: 'y1', label: 'Bottom (y1)' },
] as const;

/** A zone: the page and a box as fractions of the page (0 = left/top edge, 1 = right/bottom). */
export function ZoneInputs({
  rule,
  where,
  onChange,
}: {
  rule: Extract<RuleRow, { kind: 'zone' }>;
  where: string;
  onChange: (r: RuleRow) => void;
}) {
  return (
    <>
      <label>
        Page <span className="muted">(0 first, -1 last)</span>{' '}
        <span className="visually-hidden">{where}</span>
        <input
          className="short"
          type="number"
          step={1}
          value={rule.page}
          onChange={(e) => onChange({ ...rule, page: e.target.value })}
        />
      </label>
      {CORNERS.map((corner) => (
        <label key={corner.key}>
          {corner.label} <span className="visually-hidden">{where}</span>
          <input
            className="short"
            type="number"
            min={0}
            max={1}
            step={0.01}
            value={rule[corner.key]}
            onChange={(e) => onChange({ ...rule, [corner.key]: e.target.value })}
          />
        </label>
      ))}
      <OptionalPattern
        value={rule.pattern}
        where={where}
        onChange={(pattern) => onChange({ ...rule, pattern })}
      />
    </>
  );
}

/** The optional regex that narrows what an anchor or a zone yields (its first group, or the match). */
export function OptionalPattern({
  value,
  where,
  onChange,
}: {
  value: string;
  where: string;
  onChange: (pattern: string) => void;
}) {
  return (
    <label>
      Pattern <span className="muted">(optional)</span> <span className="visually-hidden">{where}</span>
      <input className="code" value={value} spellCheck={false} onChange={(e) => onChange(e.target.value)} />
    </label>
  );
}
