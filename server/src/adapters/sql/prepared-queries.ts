/**
 * Queries built and compiled once, then run many times with fresh values.
 *
 * Kysely builds and compiles every query afresh: about 7–10 µs of builder objects, freezing and
 * tree walks per statement, more than SQLite needs to run a small one. On the delivery path that
 * is several statements per webhook. A prepared query is built once per store with placeholder
 * values, compiled for the store's dialect, and afterwards only its parameter list is rebuilt.
 *
 * Only fixed-shape queries qualify: a placeholder stands for one value, so `in` lists of varying
 * length, optional clauses and the like are keyed by their shape or stay ordinary Kysely queries.
 * The builder must read each value by name (`values.id`); the placeholder object has no keys to
 * spread or iterate.
 */
import type { Compilable, CompiledQuery, Insertable, Kysely, QueryResult } from 'kysely';
import type { Database } from './schema.ts';

const PLACEHOLDER = Symbol('prepared-query placeholder');

/** A placeholder value: stands for the parameter of that name. */
interface Placeholder {
  readonly [PLACEHOLDER]: string;
}

function isPlaceholder(value: unknown): value is Placeholder {
  return typeof value === 'object' && value !== null && PLACEHOLDER in value;
}

/** What the builder receives instead of real values: each property yields its placeholder. */
const placeholders = new Proxy(
  {},
  { get: (_target, name) => ({ [PLACEHOLDER]: String(name) }) satisfies Placeholder },
);

interface Template {
  compiled: CompiledQuery;
  /** Per parameter position: the name of the value to put there, or a constant from the query. */
  slots: ({ name: string } | { constant: unknown })[];
}

/**
 * Runs compiled SQL straight on the driver when `db` allows it (the embedded store's open
 * transaction, whose connection it holds); `undefined` sends the query through Kysely.
 */
export type DirectRunner = (
  db: Kysely<Database>,
  sql: string,
  parameters: unknown[],
) => QueryResult<unknown> | undefined;

/** The prepared queries of one store (one dialect); repositories share it across transactions. */
export class PreparedQueries {
  readonly #templates = new Map<string, Template>();
  readonly #direct: DirectRunner | undefined;

  constructor(direct?: DirectRunner) {
    this.#direct = direct;
  }

  /**
   * Inserts one row into `table`. The statement is prepared for the row's columns, so every row
   * given under one `key` must have the same ones (write `null`, never leave a column out).
   */
  insert<T extends keyof Database & string>(
    db: Kysely<Database>,
    key: string,
    table: T,
    row: Insertable<Database[T]>,
  ): Promise<QueryResult<unknown>> {
    return this.execute(
      db,
      key,
      (builder, values: Record<string, unknown>) => {
        const columns = Object.fromEntries(Object.keys(row).map((column) => [column, values[column]]));
        return builder.insertInto(table).values(columns as Insertable<Database[T]>);
      },
      row as Record<string, unknown>,
    );
  }

  /**
   * Runs the query named `key` with `values`. `build` is called once, with placeholders in place
   * of the values, and must give the same shape of query whatever the values are.
   */
  async execute<P extends object, R>(
    db: Kysely<Database>,
    key: string,
    build: (db: Kysely<Database>, values: P) => Compilable<R>,
    values: P,
  ): Promise<QueryResult<R>> {
    let template = this.#templates.get(key);
    if (!template) {
      const compiled = build(db, placeholders as P).compile();
      template = {
        compiled,
        slots: compiled.parameters.map((value) =>
          isPlaceholder(value) ? { name: value[PLACEHOLDER] } : { constant: value },
        ),
      };
      this.#templates.set(key, template);
    }
    const parameters = template.slots.map((slot) => {
      if (!('name' in slot)) return slot.constant;
      const value = (values as Record<string, unknown>)[slot.name];
      if (value === undefined) throw new Error(`prepared query ${key} has no value for "${slot.name}"`);
      return value;
    });
    const direct = this.#direct?.(db, template.compiled.sql, parameters);
    if (direct) return direct as QueryResult<R>;
    return db.executeQuery<R>({ ...template.compiled, parameters } as CompiledQuery<R>);
  }
}
