import type { Awardee, CoAwardee } from '#shared/domain/contracts';
import {
  normaliseSiret,
  repairedSiret,
  sirenOfFrenchVat,
  sirenValid,
  siretProblem,
} from '#shared/domain/identifiers';
import { isPlaceholder, type ToComplete } from '#shared/domain/to-complete';
import { z } from '#shared/schemas/zod';

// The awardees ("titulaires") of a DECP record, as files publish them: a list, one object, or
// a list of `{titulaire: …}` wrappers, each identified as its buyer could: a SIRET, a SIREN
// alone, a French VAT number, a foreign one or `HORS-UE`, or a SIRET a spreadsheet mangled.
// The first with a SIRET is the awardee (else the first with a SIREN, else the first), the
// others its co-contractors in the order published. Nothing is refused that can be kept: what
// was repaired is said, what cannot be read is kept as published and left to complete.

/** DECP SIRETs are taken as published: spaces removed, 14 digits, key not checked. */
export const PUBLISHED = { checkKey: false };

const Holder = z.object({
  id: z.coerce.string(),
  typeIdentifiant: z.string().optional(),
  denominationSociale: z.string().optional(),
});
type Holder = z.infer<typeof Holder>;

/** Every awardee, whether `titulaires` is a list, one object, or wraps them in `titulaire`. */
export function holdersOf(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.flatMap(holdersOf);
  if (typeof value === 'object' && 'titulaire' in value) {
    return holdersOf((value as { titulaire: unknown }).titulaire);
  }
  return [value];
}

export const Holders = z
  .unknown()
  .transform(holdersOf)
  .pipe(z.array(Holder).min(1, { message: 'aucun titulaire' }));

/** Types under which French companies are published; VAT numbers may hide a French one. */
const FRENCH_TYPES = ['', 'SIRET', 'SIREN'];
const VAT_TYPES = ['TVA', 'TVA-INTRACOMMUNAUTAIRE'];

type Identified = Omit<Awardee, 'name'>;

interface Reading {
  identified: Identified;
  /** What was changed from the published value, in French, for the import report. */
  repair?: string;
  /** The published identifier could not be read: kept as published, to be completed. */
  unreadable?: boolean;
}

/** A holder's identifier as published (the `identifier` of a foreign company). */
const asPublished = (holder: Holder) =>
  `${holder.typeIdentifiant?.trim() || 'identifiant'} ${holder.id.trim()}`;

function identify(holder: Holder): Reading {
  const type = (holder.typeIdentifiant ?? '').trim().toUpperCase().replace(/_/g, '-');
  const shown = holder.id.trim();
  const compact = normaliseSiret(shown);
  const french = FRENCH_TYPES.includes(type);
  if (!french && !VAT_TYPES.includes(type))
    return { identified: { identifier: asPublished(holder) } };
  if (/^\d{14}$/.test(compact)) {
    if (french && siretProblem(compact, PUBLISHED) === null)
      return { identified: { siret: compact } };
    // Published as a VAT number, it is a SIRET only if its key says so.
    if (siretProblem(compact) === null) {
      return {
        identified: { siret: compact },
        repair: `« ${shown} », publié comme numéro de TVA, est un SIRET (clé vérifiée)`,
      };
    }
  }
  const vatSiren = sirenOfFrenchVat(compact);
  if (vatSiren) {
    return {
      identified: { siren: vatSiren },
      repair: `numéro de TVA français « ${shown} » réduit à son SIREN ${vatSiren} (clé vérifiée)`,
    };
  }
  if (!french) return { identified: { identifier: asPublished(holder) } };
  if (/^\d{9}$/.test(compact) && !/^0+$/.test(compact)) return { identified: { siren: compact } };
  const repaired = repairedSiret(compact);
  if (repaired) {
    const what = compact.length === 15 ? 'un 0 en trop retiré' : 'le ou les 0 perdus rétablis';
    return {
      identified: { siret: repaired },
      repair: `SIRET « ${shown} » (${compact.length} chiffres) lu ${repaired} : ${what}, clés du SIREN et du SIRET vérifiées`,
    };
  }
  const siren = compact.slice(0, 9);
  if (/^\d{10,15}$/.test(compact) && !/^0+$/.test(compact) && sirenValid(siren)) {
    return {
      identified: { siren },
      repair: `SIRET « ${shown} » (${compact.length} chiffres) illisible : seul son SIREN ${siren} est gardé (clé vérifiée)`,
    };
  }
  return { identified: { identifier: asPublished(holder) }, unreadable: true };
}

export interface DecpAwardees {
  awardee: Awardee;
  coAwardees: CoAwardee[];
  /** Identifiers repaired or reduced, in French, for the import report. */
  repairs: string[];
  /** What remains for a user to complete: an awardee identifier nobody could read. */
  toComplete: ToComplete[];
}

const rank = (reading: Reading) =>
  reading.identified.siret ? 0 : reading.identified.siren ? 1 : 2;

/** The awardee and co-contractors of a record's `titulaires`, however identified. */
export function awardeesFrom(holders: Holder[]): DecpAwardees | { error: string } {
  const readings = holders.map((holder) => ({ holder, reading: identify(holder) }));
  const first = [...readings].sort((a, b) => rank(a.reading) - rank(b.reading))[0];
  if (!first) return { error: 'titulaires : aucun titulaire' };
  // Names are those published, or none: never made up from an identifier.
  const company = ({ holder, reading }: (typeof readings)[number]): Awardee => ({
    name: isPlaceholder(holder.denominationSociale)
      ? ''
      : (holder.denominationSociale as string).trim(),
    ...reading.identified,
  });
  const repairs = readings.flatMap(({ reading }) => (reading.repair ? [reading.repair] : []));
  for (const { holder, reading } of readings) {
    if (reading.unreadable)
      repairs.push(`identifiant « ${holder.id.trim()} » illisible : gardé tel que publié`);
  }
  return {
    awardee: company(first),
    // Co-contractors ("cotraitants") are kept, in the order published, the awardee aside.
    coAwardees: readings.filter((other) => other !== first).map(company),
    repairs,
    toComplete: first.reading.unreadable ? ['awardeeId'] : [],
  };
}
