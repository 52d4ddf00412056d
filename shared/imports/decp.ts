import { isValidDate } from '#shared/domain/calendar';
import {
  type Awardee,
  type CoAwardee,
  endFromDuration,
  kindFromCpv,
  type SocialConsideration,
} from '#shared/domain/contracts';
import { normaliseSiret, siretProblem } from '#shared/domain/identifiers';
import { isPlaceholder, isPlaceholderCpv, type ToComplete } from '#shared/domain/to-complete';
import { z } from '#shared/schemas/zod';
import { awardeesFrom, Holders, PUBLISHED } from './decp-holders';
import { decpLot, referenceWithLot } from './decp-lots';
import { decpVersion } from './decp-modifications';

// DECP ("données essentielles de la commande publique", schema 2.0.x, and the 1.x consolidated
// files still found in the wild) read into contracts. DECP carries no insertion hours, no PLIE
// and no legal basis for a reserved market: those stay empty until a user completes them.
// Published files are read as they are, quirks included (see test/fixtures/decp/README.md):
// dates with a time-zone offset, SIRETs with spaces, numbers written as text, `titulaires` as
// one object, CPV codes whose leading zero a spreadsheet dropped.

const CONSIDERATIONS: Record<string, SocialConsideration | null> = {
  'Clause sociale': 'social-clause',
  'Critère social': 'social-criterion',
  'Marché réservé': 'reserved',
  'Concession réservée': 'reserved',
  'Pas de considération sociale': null,
};

const Siret = z
  .union([z.string(), z.number()], { error: 'SIRET absent' })
  .transform((value) => normaliseSiret(String(value)))
  .superRefine((value, ctx) => {
    const problem = siretProblem(value, PUBLISHED);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** Missing or mistyped fields said in words, not in a type system's terms. */
function required(what: string) {
  return {
    error: (issue: { input?: unknown }) =>
      issue.input === undefined || issue.input === null ? 'champ absent' : `${what} illisible`,
  };
}

/**
 * A date as DECP writes it: `2018-08-30`, or with the offset of the XML date type the PES feed
 * always uses (`2018-08-30+02:00`), or a time. The calendar date is kept as written: shifting
 * it through UTC would move a notification of a French morning to the day before.
 */
const DecpDate = z.string(required('date')).transform((value, ctx) => {
  const match =
    /^(\d{4}-\d{2}-\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/.exec(
      value.trim(),
    );
  if (!match || !isValidDate(match[1] as string)) {
    ctx.addIssue({ code: 'custom', message: `date attendue AAAA-MM-JJ, « ${value} » reçu` });
    return z.NEVER;
  }
  return match[1] as string;
});

/** A number, or a number written as text as the 1.x files converted from XML carry them. */
const numeric = () =>
  z.unknown().transform((value, ctx) => {
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    if (typeof value === 'string') {
      const text = value
        .trim()
        .replace(/[\s\u00a0\u202f]/g, '')
        .replace(',', '.');
      if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
    }
    ctx.addIssue({
      code: 'custom',
      message:
        value === undefined || value === null
          ? 'champ absent'
          : `nombre attendu, « ${String(value).slice(0, 40)} » reçu`,
    });
    return z.NEVER;
  });

/**
 * A value the buyer did not give (`NC`, empty, absent) is null: the contract is imported and
 * marked « à compléter » rather than refused. Anything else must read.
 */
const orPlaceholder = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (isPlaceholder(value) ? null : value), schema.nullable());

/** A CPV code; a 7-digit one lost its leading zero in a spreadsheet (`9310000` is `09310000`). */
const Cpv = z
  .union([z.string(), z.number()])
  .transform((value) => {
    const text = String(value).trim();
    return /^\d{7}(-\d)?$/.test(text) ? `0${text}` : text;
  })
  .optional();

const Considerations = z
  .union([
    z.object({ considerationSociale: z.union([z.array(z.string()), z.string()]) }),
    z.array(z.string()),
    z.string(),
  ])
  .transform((value, ctx) => {
    const raw =
      typeof value === 'string'
        ? [value]
        : Array.isArray(value)
          ? value
          : [value.considerationSociale].flat();
    const mapped: SocialConsideration[] = [];
    for (const label of raw) {
      if (!(label in CONSIDERATIONS)) {
        ctx.addIssue({ code: 'custom', message: `considération sociale inconnue : « ${label} »` });
        return z.NEVER;
      }
      const consideration = CONSIDERATIONS[label];
      if (consideration && !mapped.includes(consideration)) mapped.push(consideration);
    }
    return mapped;
  });

export const DecpRecord = z.object({
  id: z
    .union([z.string(), z.number()], required('identifiant'))
    .transform((value) => String(value).trim())
    .pipe(z.string().min(1).max(90)),
  acheteur: z.object({ id: Siret, nom: z.string().optional() }, required('acheteur')),
  nature: z.string().optional(),
  objet: z.string(required('objet')).trim().min(1),
  codeCPV: Cpv,
  dureeMois: orPlaceholder(numeric().pipe(z.number().int().min(0).max(1200))),
  dateNotification: DecpDate,
  montant: orPlaceholder(numeric().pipe(z.number().nonnegative().max(1e12))),
  titulaires: Holders,
  considerationsSociales: Considerations.nullish(),
});
export type DecpRecord = z.infer<typeof DecpRecord>;

export interface DecpEntry {
  /** Where the record stands in the file as sent (0 first), concessions counted. */
  index: number;
  raw: unknown;
}

export type DecpEnvelope = { records: DecpEntry[]; concessions: number } | null;

/**
 * A concession by its `_type`, else by a concession authority. The national consolidation
 * writes every field on every record: its contracts (`_type` « Marché ») carry an empty
 * `autoriteConcedante` and are contracts all the same.
 */
function isConcession(record: unknown): boolean {
  if (typeof record !== 'object' || record === null) return false;
  const { _type: type, autoriteConcedante: authority } = record as Record<string, unknown>;
  if (typeof type === 'string' && type.trim()) return /concession/i.test(type);
  return !isPlaceholder(authority);
}

/** The contracts of a DECP document, whichever of the three envelopes it comes in. */
export function decpEnvelope(document: unknown): DecpEnvelope {
  let list: unknown;
  let concessions = 0;
  if (Array.isArray(document)) list = document;
  else if (typeof document === 'object' && document !== null && 'marches' in document) {
    const marches = (document as { marches: unknown }).marches;
    if (Array.isArray(marches)) list = marches;
    else if (typeof marches === 'object' && marches !== null) {
      const marche = (marches as { marche?: unknown }).marche ?? [];
      // A file converted from XML with a single contract holds it as an object, not a list.
      list = Array.isArray(marche) ? marche : [marche];
      const other = (marches as Record<string, unknown>)['contrat-concession'];
      if (Array.isArray(other)) concessions += other.length;
    }
  }
  if (!Array.isArray(list)) return null;
  // Consolidated files mix concessions in with contracts: they carry no insertion hours.
  const records: DecpEntry[] = [];
  list.forEach((raw, index) => {
    if (isConcession(raw)) concessions += 1;
    else records.push({ index, raw });
  });
  return { records, concessions };
}

export interface DecpContract {
  reference: string;
  /** The lot number the record's object names, when it names one. */
  lot: string | null;
  title: string;
  buyer: { name: string; siret: string };
  awardee: Awardee;
  coAwardees: CoAwardee[];
  /** Provisional (services) while the CPV code is to complete: `toComplete` says so. */
  kind: 'works' | 'supplies' | 'services';
  cpv?: string;
  amountCents: number;
  notifiedOn: string;
  startsOn: string;
  endsOn: string;
  socialConsiderations: SocialConsideration[];
  defenceOrSecurity: boolean;
  /** What the record did not give (placeholders, no names): the contract is « à compléter ». */
  toComplete: ToComplete[];
}

/** A record read: its contract, and what was repaired to read it (for the import report). */
export interface DecpRead {
  contract: DecpContract;
  repairs: string[];
}

/** What DECP says of a contract, in the product's terms; `error` when it cannot be read. */
export function contractFromDecp(raw: unknown): DecpRead | { error: string } {
  const parsed = DecpRecord.safeParse(raw);
  if (!parsed.success) {
    return {
      error: parsed.error.issues
        .map((issue) => `${issue.path.join('.') || 'enregistrement'} : ${issue.message}`)
        .join(' ; '),
    };
  }
  const record = parsed.data;
  const holders = awardeesFrom(record.titulaires);
  if ('error' in holders) return holders;
  const { repairs, toComplete: holderGaps, ...holding } = holders;
  const cpv = record.codeCPV?.trim();
  const kind = cpv && !isPlaceholder(cpv) && !isPlaceholderCpv(cpv) ? kindFromCpv(cpv) : null;
  if (cpv && !kind && !isPlaceholder(cpv) && !isPlaceholderCpv(cpv)) {
    repairs.push(`code CPV « ${cpv} » illisible : à compléter`);
  }
  const buyerName = isPlaceholder(record.acheteur.nom)
    ? ''
    : (record.acheteur.nom as string).trim();
  // A missing piece is named, never filled in with a guess: the contract is « à compléter ».
  const toComplete: ToComplete[] = [
    ...(kind ? [] : ['cpv' as const]),
    ...(record.dureeMois === null ? ['duration' as const] : []),
    ...(record.montant === null ? ['amount' as const] : []),
    ...holderGaps,
    ...(holding.awardee.name ? [] : ['awardeeName' as const]),
    ...(buyerName ? [] : ['buyerName' as const]),
  ];
  // What of its modifications could not be read is said too; the rest of them is kept.
  repairs.push(...decpVersion(raw).problems);
  const lot = decpLot(record.objet);
  return {
    repairs,
    contract: {
      reference: referenceWithLot(record.id, lot),
      lot,
      title: record.objet.slice(0, 300),
      buyer: { name: buyerName, siret: record.acheteur.id },
      ...holding,
      kind: kind ?? 'services',
      ...(kind && /^\d{8}(-\d)?$/.test(cpv as string) ? { cpv } : {}),
      // DECP amounts are euros with at most two decimals: cents, exactly.
      amountCents: Math.round((record.montant ?? 0) * 100),
      notifiedOn: record.dateNotification,
      startsOn: record.dateNotification,
      // Without a duration the end is its start until a user gives it (`toComplete` says so).
      endsOn: endFromDuration(record.dateNotification, record.dureeMois ?? 0),
      socialConsiderations: record.considerationsSociales ?? [],
      defenceOrSecurity: record.nature === 'Marché de défense ou de sécurité',
      toComplete,
    },
  };
}
