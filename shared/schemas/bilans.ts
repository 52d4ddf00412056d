import { CONTRACT_KINDS } from '#shared/domain/contracts';
import { EXIT_GROUPS, OUTCOMES } from '#shared/domain/outcomes';
import { PlieId, Siret, Year } from './common';
import { z } from './zod';

// The yearly bilan as the API gives it (shared/domain/bilan.ts computes it).

export const BilanParams = z.object({
  year: Year.openapi({ param: { name: 'year', in: 'path' } }),
});

export const BilanQuery = z.object({
  buyerSiret: Siret.optional().openapi({
    description: 'le bilan d’un acheteur (donneur d’ordre) : ses marchés seulement',
  }),
  plieId: PlieId.optional().openapi({
    description: 'le bilan d’un PLIE (un coordinateur a toujours celui du sien)',
  }),
  format: z.enum(['json', 'csv', 'xlsx']).default('json').openapi({
    description: 'csv : une section par répartition ; xlsx : une feuille par répartition',
  }),
});

const Hours = z.number().openapi({ description: 'heures, au centième' });
const HoursRow = z
  .object({ key: z.string(), label: z.string(), hours: Hours })
  .openapi('BilanHoursRow');
const PeopleRow = z
  .object({ key: z.string(), label: z.string(), people: z.number().int(), hours: Hours })
  .openapi('BilanPeopleRow');
const Share = z.number().openapi({ description: 'une part, de 0 à 1' });

export const BilanJson = z
  .object({
    year: z.number().int(),
    scope: z.object({
      buyerSiret: z.string().nullable(),
      buyerName: z.string().nullable(),
      plieId: z.string().nullable(),
      plieName: z.string().nullable(),
    }),
    hours: z.object({
      realised: Hours,
      required: Hours.openapi({
        description:
          'exigées dans l’année : l’objectif de chaque marché au prorata de sa durée dans l’année (pour un PLIE, sa part de l’objectif)',
      }),
      fte: z.number().openapi({ description: 'équivalents temps plein : heures ÷ 1 607' }),
      byMonth: z.array(
        z.object({
          month: z.string(),
          hours: Hours,
          byMode: z.record(z.string(), Hours),
        }),
      ),
      byMode: z.array(HoursRow),
      byKind: z.array(HoursRow),
      byBuyer: z.array(HoursRow),
      byAwardee: z.array(HoursRow),
      byCpvDivision: z.array(HoursRow),
      byPlie: z.array(HoursRow),
    }),
    people: z.object({
      count: z
        .number()
        .int()
        .openapi({ description: 'participants distincts ayant des heures dans l’année' }),
      hours: Hours.openapi({ description: 'leurs heures' }),
      linesWithoutParticipant: z.object({ hours: Hours, lines: z.number().int() }),
      byEligibility: z.array(PeopleRow).openapi({
        description: 'une personne compte sous chacun de ses critères ; unknown : non renseigné',
      }),
      bySex: z.array(PeopleRow),
      byAgeBand: z.array(PeopleRow),
      qpv: z.object({ people: z.number().int(), hours: Hours, share: Share }),
    }),
    contracts: z.object({
      running: z.number().int().openapi({ description: 'marchés en cours dans l’année' }),
      withHours: z.number().int(),
      withClause: z.number().int(),
      withCriterion: z.number().int(),
      reserved: z.number().int(),
      withSocialConsideration: z
        .object({ contracts: z.number().int(), notified: z.number().int(), share: Share })
        .openapi({
          description:
            'parmi les marchés notifiés dans l’année, ceux qui ont une considération sociale (indicateur du PNAD)',
        }),
      companies: z.number().int(),
      buyers: z.number().int(),
      realised: Hours,
      required: Hours,
      realisedRate: Share,
      rows: z.array(
        z.object({
          id: z.string(),
          reference: z.string(),
          title: z.string(),
          buyer: z.string(),
          awardee: z.string(),
          kind: z.enum(CONTRACT_KINDS),
          required: Hours,
          realised: Hours,
          note: z.string().nullable(),
        }),
      ),
    }),
    outcomes: z.object({
      exits: z.number().int(),
      neutral: z.number().int(),
      positive: z.number().int(),
      positiveRate: Share,
      byGroup: z.array(
        z.object({ key: z.enum(EXIT_GROUPS), label: z.string(), exits: z.number().int() }),
      ),
      byOutcome: z.array(
        z.object({
          key: z.enum(OUTCOMES),
          label: z.string(),
          group: z.enum(EXIT_GROUPS),
          exits: z.number().int(),
        }),
      ),
    }),
  })
  .openapi('Bilan');
