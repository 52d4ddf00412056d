import { HOUR_MODES } from '#shared/domain/hours';
import { z } from './zod';

// The attestation of a contract's insertion hours, as GET /api/contracts/{id}/attestation
// answers it.

const Hours = z.number().openapi({ description: 'heures, au centième' });

const ModeHours = z
  .object({ mode: z.enum(HOUR_MODES), hours: Hours })
  .openapi('AttestationModeHours');

const Party = z.object({ name: z.string(), siret: z.string().optional() });

export const Attestation = z
  .object({
    issuedOn: z.string().openapi({ description: 'date d’édition (Europe/Paris), AAAA-MM-JJ' }),
    structure: z
      .object({ id: z.string(), name: z.string() })
      .openapi({ description: 'la structure qui suit le marché et délivre l’attestation' }),
    contract: z.object({
      id: z.string(),
      reference: z.string(),
      title: z.string(),
      lot: z.string().nullable(),
      buyer: Party,
      awardee: Party,
      coAwardees: z.array(z.object({ name: z.string() })),
      startsOn: z.string(),
      endsOn: z.string(),
      targetHours: z.number().nullable(),
    }),
    ended: z.boolean().openapi({ description: 'le marché est terminé à la date d’édition' }),
    years: z
      .array(z.object({ year: z.number().int(), byMode: z.array(ModeHours), total: Hours }))
      .openapi({
        description:
          'chaque année du marché jusqu’à celle de l’édition, ses heures par modalité (celles qui en ont)',
      }),
    byMode: z.array(ModeHours).openapi({ description: 'toute la période, par modalité' }),
    total: Hours,
  })
  .openapi('Attestation', {
    description:
      'Seules comptent les heures enregistrées au registre : saisies ou importées par le ' +
      'facilitateur, ou déclarées par le titulaire et validées. Une déclaration en attente de ' +
      'validation et une ligne annulée n’y sont pas.',
  });
