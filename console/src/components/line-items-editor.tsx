/**
 * The template editor's line items: each list and its blocks (start and end markers, row patterns,
 * a type per column), with the JSON as an advanced mode one button away.
 */
import { useState } from 'react';
import { FormProblem } from '../lib/form-problem.ts';
import {
  type BlockRow,
  COLUMN_TYPES,
  type ColumnType,
  emptyBlock,
  emptyList,
  type LineItemsState,
  type ListRow,
  namedGroups,
  toFormMode,
  toJsonMode,
} from '../lib/line-item-form.ts';

function BlockInputs({
  block,
  where,
  onChange,
}: {
  block: BlockRow;
  where: string;
  onChange: (b: BlockRow) => void;
}) {
  const columns = namedGroups(block.line);
  const text = (key: 'start' | 'end', label: string, placeholder: string) => (
    <label>
      {label} <span className="visually-hidden">{where}</span>
      <input
        className="code"
        spellCheck={false}
        value={block[key]}
        placeholder={placeholder}
        onChange={(e) => onChange({ ...block, [key]: e.target.value })}
      />
    </label>
  );
  const patterns = (key: 'firstLine' | 'lastLine' | 'skipLine', label: string) => (
    <label>
      {label} <span className="muted">(one regex per line)</span>{' '}
      <span className="visually-hidden">{where}</span>
      <textarea
        rows={2}
        className="code"
        spellCheck={false}
        value={block[key]}
        onChange={(e) => onChange({ ...block, [key]: e.target.value })}
      />
    </label>
  );
  return (
    <>
      <div className="row">
        {text('start', 'Start marker', 'Description\\s+Qty\\s+Amount')}
        {text('end', 'End marker', 'Total')}
      </div>
      <label>
        Row pattern{' '}
        <span className="muted">(one regex per line; a named group (?&lt;name&gt;…) per column)</span>{' '}
        <span className="visually-hidden">{where}</span>
        <textarea
          rows={2}
          className="code"
          spellCheck={false}
          value={block.line}
          placeholder="^(?<description>.+?)\s{2,}(?<qty>\d+)\s{2,}(?<amount>[\d.,]+)$"
          onChange={(e) => onChange({ ...block, line: e.target.value })}
        />
      </label>
      {columns.length > 0 ? (
        <fieldset className="columns">
          <legend>
            Column types <span className="visually-hidden">{where}</span>
          </legend>
          {columns.map((column) => (
            <label key={column}>
              <code>{column}</code> <span className="visually-hidden">type {where}</span>
              <select
                value={block.types[column] ?? 'string'}
                onChange={(e) =>
                  onChange({ ...block, types: { ...block.types, [column]: e.target.value as ColumnType } })
                }
              >
                {COLUMN_TYPES.map((type) => (
                  <option key={type}>{type}</option>
                ))}
              </select>
            </label>
          ))}
        </fieldset>
      ) : (
        <p className="muted">The columns appear here once the row pattern has named groups.</p>
      )}
      <details>
        <summary>
          Multi-line items and skipped lines <span className="visually-hidden">{where}</span>
        </summary>
        {patterns('firstLine', 'First line of an item')}
        {patterns('lastLine', 'Last line of an item')}
        {patterns('skipLine', 'Lines to skip')}
      </details>
    </>
  );
}

function ListInputs({
  list,
  index,
  onChange,
  onRemove,
}: {
  list: ListRow;
  index: number;
  onChange: (l: ListRow) => void;
  onRemove: () => void;
}) {
  const where = `of list ${index + 1}`;
  return (
    <div className="line-item-list" data-line-list={index}>
      <div className="row">
        <label>
          List name <span className="visually-hidden">{index + 1}</span>
          <input
            className="code"
            value={list.name}
            onChange={(e) => onChange({ ...list, name: e.target.value })}
          />
        </label>
        <button type="button" className="secondary" onClick={onRemove}>
          Remove list <span className="visually-hidden">{index + 1}</span>
        </button>
      </div>
      {list.blocks.map((block, b) => {
        const blockWhere = `block ${b + 1} ${where}`;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: blocks have no identity but their place
          <fieldset className="line-block" key={b} data-line-block={b}>
            <legend>Block {b + 1}</legend>
            <BlockInputs
              block={block}
              where={blockWhere}
              onChange={(next) =>
                onChange({ ...list, blocks: list.blocks.map((x, i) => (i === b ? next : x)) })
              }
            />
            {list.blocks.length > 1 ? (
              <button
                type="button"
                className="secondary"
                onClick={() => onChange({ ...list, blocks: list.blocks.filter((_, i) => i !== b) })}
              >
                Remove block <span className="visually-hidden">{blockWhere}</span>
              </button>
            ) : null}
          </fieldset>
        );
      })}
      <button
        type="button"
        className="secondary"
        onClick={() => onChange({ ...list, blocks: [...list.blocks, emptyBlock()] })}
      >
        Add block <span className="visually-hidden">{where}</span>
      </button>
    </div>
  );
}

export function LineItemsEditor({
  state,
  onChange,
}: {
  state: LineItemsState;
  onChange: (s: LineItemsState) => void;
}) {
  const [problem, setProblem] = useState<string | null>(null);
  const switchMode = () => {
    try {
      onChange(state.mode === 'form' ? toJsonMode(state) : toFormMode(state));
      setProblem(null);
    } catch (e) {
      if (!(e instanceof FormProblem)) throw e;
      setProblem(e.message);
    }
  };
  return (
    <fieldset className="line-items">
      <legend>Line items</legend>
      {state.mode === 'form' ? (
        <>
          {state.lists.length === 0 ? (
            <p className="muted">No line items: add a list for the rows of a table (products, services…).</p>
          ) : null}
          {state.lists.map((list, index) => (
            <ListInputs
              // biome-ignore lint/suspicious/noArrayIndexKey: lists have no identity but their place
              key={index}
              list={list}
              index={index}
              onChange={(next) =>
                onChange({ mode: 'form', lists: state.lists.map((l, i) => (i === index ? next : l)) })
              }
              onRemove={() => onChange({ mode: 'form', lists: state.lists.filter((_, i) => i !== index) })}
            />
          ))}
          <button
            type="button"
            className="secondary"
            onClick={() =>
              onChange({
                mode: 'form',
                lists: [
                  ...state.lists,
                  state.lists.length === 0 ? emptyList() : { ...emptyList(), name: '' },
                ],
              })
            }
          >
            Add line-item list
          </button>
        </>
      ) : (
        <label>
          Line items as JSON{' '}
          <span className="muted">({'[{"name", "blocks": [{"start", "end", "line"}]}]'})</span>
          <textarea
            rows={8}
            className="code"
            spellCheck={false}
            value={state.json}
            onChange={(e) => onChange({ mode: 'json', json: e.target.value })}
          />
        </label>
      )}
      <button
        type="button"
        className="link-button"
        onClick={switchMode}
        aria-describedby={problem ? 'line-items-mode-problem' : undefined}
      >
        {state.mode === 'form' ? 'Edit line items as JSON (advanced)' : 'Edit line items with the form'}
      </button>
      {problem ? (
        <p className="field-error" role="alert" id="line-items-mode-problem">
          {problem}
        </p>
      ) : null}
    </fieldset>
  );
}
