import { CONTRACT_KINDS } from '#shared/domain/contracts';
import { Euros, IsoDate, Siret, Text } from './common';
import { z } from './zod';

/**
 * What a user completes of an imported contract « à compléter » (see `toComplete`): each clears
 * its item. The end and the amount are given here only while missing: once known, they change
 * by an amendment, which keeps the history.
 */
export const completionFields = {
  cpv: z
    .string()
    .regex(/^\d{8}(-\d)?$/, { message: 'Code CPV attendu : 8 chiffres, ex. 45223220-4' })
    .optional()
    .openapi({ description: 'code CPV : la nature des prestations en découle' }),
  kind: z.enum(CONTRACT_KINDS).optional().openapi({ description: 'nature des prestations' }),
  endsOn: IsoDate.optional().openapi({ description: 'fin du marché, quand sa durée manquait' }),
  amount: Euros.optional().openapi({ description: 'montant HT en euros, quand il manquait' }),
  buyerName: Text(200).optional().openapi({ description: 'le nom de l’acheteur' }),
  awardee: z
    .object({ name: Text(200).optional(), siret: Siret.optional() })
    .optional()
    .openapi({
      description:
        'le nom du titulaire, et son SIRET quand il n’en a pas (publié par son SIREN, illisible ou étranger)',
    }),
};
