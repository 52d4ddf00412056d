import { holdersOf } from './decp-holders';

// Several awardees of one framework agreement in a single record. DECP 2.0 says whether the
// awardees of a record are a group (« Conjoint », « Solidaire »: one contract, the first the
// awardee and the others its co-contractors) or not (« Pas de groupement »: each is awarded
// the agreement on its own). Not grouped, each is its own contract, as when the buyer
// publishes one record per awardee (decp-find.ts): same buyer, id and lot, its awardee.
// Only a framework agreement is awarded so: a plain contract naming several awardees and no
// group (Lyon's 2019K1209, a design team of ten, test/fixtures/decp/recent-modifications.json)
// is one contract, its amount counted once, and stays awardee + co-contractors. Files of the
// 1.x schema (2019) carry no such field: their co-contractors stay a group too, as nothing in
// the record tells a group from separate awardees.

/** One record as the import reads it: the record, or one of its awardees apart. */
export interface DecpPart {
  raw: unknown;
  /** One of the separate awardees of a record (its identity then includes the awardee). */
  apart: boolean;
  /** What was left out of the record to read it per awardee, for the import report. */
  repairs: string[];
}

/** « Pas de groupement », however written (case, accents, « d'opérateurs » after it). */
export function notGrouped(raw: unknown): boolean {
  if (typeof raw !== 'object' || raw === null) return false;
  const type = (raw as { typeGroupementOperateurs?: unknown }).typeGroupementOperateurs;
  if (typeof type !== 'string') return false;
  const text = type
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
  return /^\s*pas\s+de\s+groupement\b/.test(text);
}

/**
 * The record, or one part per awardee when its awardees are not a group. A modification of
 * such a record that names new awardees cannot say whose contract it changes: its awardees are
 * left aside (said in the report), its amount and duration kept for each.
 */
export function decpParts(raw: unknown, frameworkAgreement: boolean): DecpPart[] {
  if (!frameworkAgreement || !notGrouped(raw)) return [{ raw, apart: false, repairs: [] }];
  const record = raw as Record<string, unknown>;
  const holders = holdersOf(record.titulaires);
  if (holders.length < 2) return [{ raw, apart: false, repairs: [] }];
  const { modifications, repairs } = withoutNewAwardees(record.modifications);
  return holders.map((holder) => ({
    raw: {
      ...record,
      titulaires: [holder],
      ...(modifications === undefined ? {} : { modifications }),
    },
    apart: true,
    repairs,
  }));
}

function withoutNewAwardees(value: unknown): { modifications: unknown; repairs: string[] } {
  if (!Array.isArray(value)) return { modifications: value, repairs: [] };
  const repairs: string[] = [];
  const modifications = value.map((item, i) => {
    const wrapped = typeof item === 'object' && item !== null && 'modification' in item;
    const inner = (wrapped ? (item as { modification: unknown }).modification : item) as unknown;
    if (typeof inner !== 'object' || inner === null || !('titulaires' in inner)) return item;
    const { titulaires: _, ...rest } = inner as Record<string, unknown>;
    repairs.push(
      `modification n° ${i + 1} : nouveaux titulaires d’un accord-cadre à plusieurs titulaires (sans groupement) non repris`,
    );
    return wrapped ? { modification: rest } : rest;
  });
  return { modifications, repairs };
}
