import { createRequire } from 'node:module';
import { LRUCache } from 'lru-cache';
import { synonymUcum, unitKey } from './synonyms.ts';

interface UcumUtils {
  validateUnitString(unit: string, suggest?: boolean): { status: string; ucumCode: string | null };
  convertUnitTo(
    from: string,
    value: number,
    to: string,
    options?: { molecularWeight?: number },
  ): { status: string; toVal: number | null };
}

const require = createRequire(import.meta.url);
let utils: UcumUtils | null = null;
function ucum(): UcumUtils {
  // The library holds its unit tables in memory; load them once per thread on first use.
  utils ??= (
    require('@lhncbc/ucum-lhc') as { UcumLhcUtils: { getInstance(): UcumUtils } }
  ).UcumLhcUtils.getInstance();
  return utils;
}

/** Broad kind of quantity a unit measures; used to choose between LOINC codes sharing a name. */
export type UnitClass =
  | 'mass'
  | 'moles'
  | 'count'
  | 'percent'
  | 'fraction'
  | 'units'
  | 'volume'
  | 'entmass'
  | 'time'
  | 'rate'
  | 'area'
  | 'ratio'
  | 'other';

/**
 * The UCUM code of a printed unit: the synonym table first, then ucum-lhc validation of the
 * printed string. Returns null when neither recognises it (the caller keeps the printed unit).
 */
export function toUcum(printed: string | null): string | null {
  if (!printed) return null;
  const seen = UCUM_SEEN.get(printed);
  if (seen !== undefined) return seen || null;
  const code = readUcum(printed);
  UCUM_SEEN.set(printed, code ?? '');
  return code;
}

/**
 * The UCUM codes of printed units already read ('' for none). Each cell of a report is asked
 * whether it is a unit, and ucum-lhc parses the string every time: about 3 % of a one-page
 * report's analysis, for a vocabulary a service sees over and over. Bounded, as what customers
 * print is not.
 */
const UCUM_SEEN = new LRUCache<string, string>({ max: 10_000 });

function readUcum(printed: string): string | null {
  // Upper-case G and T before /L are giga and tera in European blood counts (UCUM's `G` is gauss).
  if (/^\s*G\s*\/\s*L\s*$/.test(printed)) return '10*9/L';
  const synonym = synonymUcum(printed);
  if (synonym) return synonym;
  const candidate = printed.normalize('NFKC').replace(/[µμ]/g, 'u').replace(/\s+/g, '');
  // Bare letters are more often words than units (`a` is a year in UCUM), and a string without a letter or `%` is a number, however UCUM reads it (`(0812)` is 812).
  if (!/[/%*^\d]/.test(candidate) || !/[A-Za-z%]/.test(candidate)) return null;
  try {
    const result = ucum().validateUnitString(candidate, false);
    if (result.status === 'valid' && result.ucumCode) return result.ucumCode;
  } catch {
    // ucum-lhc throws on some malformed strings; an unknown unit is not an error.
  }
  return null;
}

/** Whether a printed string is recognisably a unit. */
export function isKnownUnit(printed: string): boolean {
  return toUcum(printed) !== null || /^(ratio|index)$/i.test(unitKey(printed));
}

/** Classifies a UCUM code by what it measures. */
export function unitClassOf(ucumCode: string | null): UnitClass | null {
  if (!ucumCode) return null;
  const u = ucumCode;
  if (u === '%') return 'percent';
  if (u === 'L/L') return 'fraction';
  // UCUM takes `l` and `L` alike for the litre (`/nl`, German cell counts, is `/nL`).
  if (/^(10\*\d+)?\/(u|n|m|p)?[lL]$/.test(u)) return 'count';
  if (u === 'mmol/mol') return 'ratio';
  if (/^(m|u|n|p)?(mol|eq|osm)\//.test(u)) return 'moles';
  if (/^(k|m|u|n|p)?g\/(d|m|u|n)?[lL]$/.test(u)) return 'mass';
  if (/\[IU\]|^(m|u|k)?U\//.test(u)) return 'units';
  if (u === 'fL' || u === 'um3') return 'volume';
  if (u === 'pg') return 'entmass';
  if (u === 's' || u === 'min') return 'time';
  if (u === 'mm/h') return 'rate';
  if (/\[(HPF|LPF)\]/.test(u)) return 'area';
  if (/^(mg\/g|mg\/mmol|mg\/g\{creat\}|\{ratio\}|mmol\/mol)$/.test(u)) return 'ratio';
  return 'other';
}

/**
 * Converts a value between UCUM units (scale factors, and mass <-> substance when a molecular
 * weight is given). Returns null when the units are not commensurable.
 */
export function convertValue(
  value: number,
  from: string,
  to: string,
  molecularWeight?: number,
): number | null {
  if (from === to) return value;
  // Hormone and vitamin assays print their units (mU/L) and international units (mIU/L) for the
  // same WHO-calibrated figures. UCUM keeps the two apart and, [IU] being arbitrary, converts no
  // [IU] at all (not even µIU/mL to mIU/L), so both are scaled as U.
  if (from.includes('[IU]') || to.includes('[IU]')) {
    return convertValue(value, from.replaceAll('[IU]', 'U'), to.replaceAll('[IU]', 'U'), molecularWeight);
  }
  try {
    const options = molecularWeight ? { molecularWeight } : undefined;
    const result = ucum().convertUnitTo(from, value, to, options);
    if (result.status === 'succeeded' && typeof result.toVal === 'number' && Number.isFinite(result.toVal)) {
      return Number(result.toVal.toPrecision(6));
    }
  } catch {
    // Not convertible.
  }
  return null;
}
