/** Which record kinds exist and which file types each accepts. Intake answers 415 for the rest. */
export interface KindCatalog {
  kinds(): readonly string[];
  /** `undefined` when the kind is unknown. */
  mimeTypesFor(kind: string): readonly string[] | undefined;
}

/** A catalog from a plain table. */
export function kindCatalog(table: Record<string, readonly string[]>): KindCatalog {
  return {
    kinds: () => Object.keys(table),
    mimeTypesFor: (kind) => (Object.hasOwn(table, kind) ? table[kind] : undefined),
  };
}

/** Finds a file's real type from its first bytes; `null` when it is not a type Docket knows. */
export type Sniffer = (bytes: Uint8Array) => Promise<{ mime: string; ext: string } | null>;
