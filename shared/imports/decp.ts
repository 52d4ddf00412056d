import { isValidDate } from '#shared/domain/calendar';
import { endFromDuration, kindFromCpv, type SocialConsideration } from '#shared/domain/contracts';
import { normaliseSiret, siretProblem } from '#shared/domain/identifiers';
import { z } from '#shared/schemas/zod';

// DECP ("données essentielles de la commande publique", schema 2.0.x, and the 1.x consolidated
// files still found in the wild) read into contracts. DECP carries no insertion hours, no PLIE
// and no legal basis for a reserved market: those stay empty until a user completes them.

const CONSIDERATIONS: Record<string, SocialConsideration | null> = {
  'Clause sociale': 'social-clause',
  'Critère social': 'social-criterion',
  'Marché réservé': 'reserved',
  'Concession réservée': 'reserved',
  'Pas de considération sociale': null,
};

/** DECP SIRETs are taken as published: spaces removed, 14 digits, key not checked. */
const PUBLISHED = { checkKey: false };

const Siret = z
  .string()
  .transform(normaliseSiret)
  .superRefine((value, ctx) => {
    const problem = siretProblem(value, PUBLISHED);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const Titulaire = z.object({
  id: z.coerce.string(),
  typeIdentifiant: z.string().optional(),
  denominationSociale: z.string().optional(),
});

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
  id: z.coerce.string().trim().min(1).max(100),
  acheteur: z.object({ id: Siret, nom: z.string().optional() }),
  nature: z.string().optional(),
  objet: z.string().trim().min(1),
  codeCPV: z.string().optional(),
  dureeMois: z.number().int().min(0).max(1200),
  dateNotification: z.string().refine(isValidDate, { message: 'date attendue AAAA-MM-JJ' }),
  montant: z.number().nonnegative().max(1e12),
  titulaires: z
    .array(z.union([z.object({ titulaire: Titulaire }).transform((t) => t.titulaire), Titulaire]))
    .min(1),
  considerationsSociales: Considerations.optional(),
});
export type DecpRecord = z.infer<typeof DecpRecord>;

export type DecpEnvelope = { records: unknown[]; concessions: number } | null;

const isConcession = (record: unknown) =>
  typeof record === 'object' &&
  record !== null &&
  ('autoriteConcedante' in record ||
    (record as { _type?: unknown })._type === 'Contrat de concession');

/** The contracts of a DECP document, whichever of the three envelopes it comes in. */
export function decpEnvelope(document: unknown): DecpEnvelope {
  let list: unknown;
  let concessions = 0;
  if (Array.isArray(document)) list = document;
  else if (typeof document === 'object' && document !== null && 'marches' in document) {
    const marches = (document as { marches: unknown }).marches;
    if (Array.isArray(marches)) list = marches;
    else if (typeof marches === 'object' && marches !== null) {
      list = (marches as { marche?: unknown }).marche ?? [];
      const other = (marches as Record<string, unknown>)['contrat-concession'];
      if (Array.isArray(other)) concessions += other.length;
    }
  }
  if (!Array.isArray(list)) return null;
  // Consolidated files mix concessions in with contracts: they carry no insertion hours.
  const records = list.filter((record) => !isConcession(record));
  return { records, concessions: concessions + list.length - records.length };
}

/** What DECP says of a contract, in the product's terms; `error` when it cannot be read. */
export function contractFromDecp(raw: unknown):
  | {
      contract: {
        reference: string;
        title: string;
        buyer: { name: string; siret: string };
        awardee: { name: string; siret: string };
        kind: 'works' | 'supplies' | 'services';
        cpv?: string;
        amountCents: number;
        notifiedOn: string;
        startsOn: string;
        endsOn: string;
        socialConsiderations: SocialConsideration[];
        defenceOrSecurity: boolean;
      };
    }
  | { error: string } {
  const parsed = DecpRecord.safeParse(raw);
  if (!parsed.success) {
    return {
      error: parsed.error.issues
        .map((issue) => `${issue.path.join('.') || 'enregistrement'} : ${issue.message}`)
        .join(' ; '),
    };
  }
  const record = parsed.data;
  const holder = record.titulaires
    .map((t) => ({ ...t, id: normaliseSiret(t.id) }))
    .find(
      (t) => (t.typeIdentifiant ?? 'SIRET') === 'SIRET' && siretProblem(t.id, PUBLISHED) === null,
    );
  if (!holder) return { error: 'titulaires : aucun titulaire identifié par un SIRET' };
  const cpv = record.codeCPV?.trim();
  const kind = cpv ? kindFromCpv(cpv) : null;
  if (!kind) return { error: `codeCPV : code absent ou illisible (${cpv ?? 'absent'})` };
  return {
    contract: {
      reference: record.id,
      title: record.objet.slice(0, 300),
      buyer: {
        name: record.acheteur.nom?.trim() || `Acheteur ${record.acheteur.id}`,
        siret: record.acheteur.id,
      },
      awardee: {
        name: holder.denominationSociale?.trim() || `Titulaire ${holder.id}`,
        siret: holder.id,
      },
      kind,
      ...(/^\d{8}(-\d)?$/.test(cpv as string) ? { cpv } : {}),
      // DECP amounts are euros with at most two decimals: cents, exactly.
      amountCents: Math.round(record.montant * 100),
      notifiedOn: record.dateNotification,
      startsOn: record.dateNotification,
      endsOn: endFromDuration(record.dateNotification, record.dureeMois),
      socialConsiderations: record.considerationsSociales ?? [],
      defenceOrSecurity: record.nature === 'Marché de défense ou de sécurité',
    },
  };
}
