import { z } from './zod';

// What a contract imported from the open data (DECP) remembers of its publication, and where
// an amendment published there comes from: the page says « DECP, publiée le … ».

/** A company an amendment names: as the contract's awardee is read back. */
export const AmendedAwardee = z.object({
  name: z.string(),
  siret: z.string().optional(),
  siren: z.string().optional(),
  identifier: z.string().optional(),
});

export const DecpAmendmentSource = z
  .object({
    kind: z.enum(['decp']),
    key: z
      .string()
      .openapi({ description: 'la modification : son `id` (DECP 2.0) ou ce qu’elle dit' }),
    publishedId: z
      .string()
      .openapi({ description: 'l’`id` de l’enregistrement publié qui la porte' }),
    publishedOn: z.string().nullable().openapi({ description: 'sa date de publication' }),
    notifiedOn: z
      .string()
      .nullable()
      .openapi({ description: 'sa date de notification telle que publiée' }),
  })
  .openapi('DecpAmendmentSource');

export const DecpVersion = z
  .object({
    identity: z.string().openapi({
      description: 'acheteur, identifiant sans numéro de modification, lot : le même marché',
    }),
    publishedId: z.string(),
    sequence: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'numéro de modification que porte l’identifiant (convention 2019)' }),
    publishedOn: z
      .string()
      .nullable()
      .openapi({ description: '`datePublicationDonnees` : la plus récente l’emporte' }),
    importedAt: z.string(),
    fileName: z
      .string()
      .nullable()
      .optional()
      .openapi({ description: 'le fichier d’où cette version a été importée, s’il est connu' }),
  })
  .openapi('DecpVersion');
