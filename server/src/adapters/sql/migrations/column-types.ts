/** The few column types that differ between the SQL dialects. */
import type { SqlDialectName } from '../schema.ts';

export interface ColumnTypes {
  /** Epoch milliseconds and other values beyond 32 bits. */
  big: 'bigint' | 'integer';
  /** Raw bytes. */
  bytes: 'bytea' | 'blob';
}

export function types(dialect: SqlDialectName): ColumnTypes {
  return {
    big: dialect === 'postgres' ? 'bigint' : 'integer',
    bytes: dialect === 'postgres' ? 'bytea' : 'blob',
  };
}
