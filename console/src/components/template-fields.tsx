/** The template editor's field rows: name, type, required, and each rule (regex, anchor, zone, static or JSON). */
import {
  emptyField,
  emptyRule,
  FIELD_TYPES,
  type FieldRow,
  type FieldType,
  type RuleRow,
} from '../lib/template-form.ts';
import { OptionalPattern, ZoneInputs } from './zone-inputs.tsx';

const RULE_KINDS: Array<{ value: RuleRow['kind']; label: string }> = [
  { value: 'regex', label: 'regex' },
  { value: 'anchor', label: 'anchor (next to a label)' },
  { value: 'zone', label: 'zone (an area of the page)' },
  { value: 'static', label: 'static value' },
  { value: 'json', label: 'other (JSON)' },
];

function ruleOfKind(kind: RuleRow['kind']): RuleRow {
  if (kind === 'anchor') return { kind, label: '', direction: 'right', pattern: '' };
  if (kind === 'static') return { kind, value: '' };
  if (kind === 'zone') return { kind, page: '0', x0: '0', y0: '0', x1: '0.5', y1: '0.2', pattern: '' };
  if (kind === 'json') return { kind, json: '{"regex": "…"}' };
  return emptyRule();
}

function RuleInputs({
  rule,
  where,
  onChange,
}: {
  rule: RuleRow;
  where: string;
  onChange: (r: RuleRow) => void;
}) {
  switch (rule.kind) {
    case 'regex':
      return (
        <>
          <label>
            Regex <span className="visually-hidden">{where}</span>
            <input
              className="code"
              value={rule.regex}
              spellCheck={false}
              placeholder="Invoice number:\s*(\S+)"
              onChange={(e) => onChange({ ...rule, regex: e.target.value })}
            />
          </label>
          <label>
            Flags <span className="visually-hidden">{where}</span>
            <input
              className="code short"
              value={rule.flags}
              placeholder="i"
              onChange={(e) => onChange({ ...rule, flags: e.target.value })}
            />
          </label>
        </>
      );
    case 'anchor':
      return (
        <>
          <label>
            Label <span className="visually-hidden">{where}</span>
            <input
              value={rule.label}
              placeholder="Invoice No"
              onChange={(e) => onChange({ ...rule, label: e.target.value })}
            />
          </label>
          <label>
            Direction <span className="visually-hidden">{where}</span>
            <select
              value={rule.direction}
              onChange={(e) =>
                onChange({ ...rule, direction: e.target.value === 'below' ? 'below' : 'right' })
              }
            >
              <option value="right">right of the label</option>
              <option value="below">below the label</option>
            </select>
          </label>
          <OptionalPattern
            value={rule.pattern}
            where={where}
            onChange={(pattern) => onChange({ ...rule, pattern })}
          />
        </>
      );
    case 'zone':
      return <ZoneInputs rule={rule} where={where} onChange={onChange} />;
    case 'static':
      return (
        <label>
          Value <span className="visually-hidden">{where}</span>
          <input value={rule.value} onChange={(e) => onChange({ ...rule, value: e.target.value })} />
        </label>
      );
    case 'json':
      return (
        <label className="wide">
          Rule as JSON <span className="visually-hidden">{where}</span>
          <input
            className="code"
            value={rule.json}
            spellCheck={false}
            onChange={(e) => onChange({ ...rule, json: e.target.value })}
          />
        </label>
      );
  }
}

export function TemplateFields({
  fields,
  onChange,
}: {
  fields: FieldRow[];
  onChange: (f: FieldRow[]) => void;
}) {
  const update = (index: number, field: FieldRow) =>
    onChange(fields.map((f, i) => (i === index ? field : f)));
  return (
    <fieldset className="template-fields">
      <legend>Fields</legend>
      {fields.map((field, index) => {
        const where = `of field ${index + 1}`;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
          <div className="template-field" key={index} data-field={index}>
            <div className="row">
              <label>
                Field name <span className="visually-hidden">{index + 1}</span>
                <input
                  className="code"
                  value={field.name}
                  placeholder="invoice_number"
                  onChange={(e) => update(index, { ...field, name: e.target.value })}
                />
              </label>
              <label>
                Type <span className="visually-hidden">{where}</span>
                <select
                  value={field.type}
                  onChange={(e) => update(index, { ...field, type: e.target.value as FieldType })}
                >
                  {FIELD_TYPES.map((type) => (
                    <option key={type}>{type}</option>
                  ))}
                </select>
              </label>
              <label className="check">
                <input
                  type="checkbox"
                  checked={field.required}
                  onChange={(e) => update(index, { ...field, required: e.target.checked })}
                />
                Required <span className="visually-hidden">{where}</span>
              </label>
              <button
                type="button"
                className="secondary"
                onClick={() => onChange(fields.filter((_, i) => i !== index))}
              >
                Remove field <span className="visually-hidden">{index + 1}</span>
              </button>
            </div>
            {field.rules.map((rule, r) => {
              const ruleWhere = `rule ${r + 1} ${where}`;
              const setRule = (next: RuleRow) =>
                update(index, { ...field, rules: field.rules.map((x, i) => (i === r ? next : x)) });
              return (
                // biome-ignore lint/suspicious/noArrayIndexKey: rules have no identity but their place
                <div className="row rule" key={r}>
                  <label>
                    Rule <span className="visually-hidden">{ruleWhere}</span>
                    <select
                      value={rule.kind}
                      onChange={(e) => setRule(ruleOfKind(e.target.value as RuleRow['kind']))}
                    >
                      {RULE_KINDS.map((k) => (
                        <option key={k.value} value={k.value}>
                          {k.label}
                        </option>
                      ))}
                    </select>
                  </label>
                  <RuleInputs rule={rule} where={ruleWhere} onChange={setRule} />
                  {field.rules.length > 1 ? (
                    <button
                      type="button"
                      className="secondary"
                      onClick={() =>
                        update(index, { ...field, rules: field.rules.filter((_, i) => i !== r) })
                      }
                    >
                      Remove rule <span className="visually-hidden">{ruleWhere}</span>
                    </button>
                  ) : null}
                </div>
              );
            })}
            <button
              type="button"
              className="secondary"
              onClick={() => update(index, { ...field, rules: [...field.rules, emptyRule()] })}
            >
              Add rule <span className="visually-hidden">{where}</span>
            </button>
          </div>
        );
      })}
      <button type="button" className="secondary" onClick={() => onChange([...fields, emptyField()])}>
        Add field
      </button>
    </fieldset>
  );
}
