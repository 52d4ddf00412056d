import { DUPLICATE_DECISIONS } from '#shared/domain/duplicates';
import { z } from './zod';

// Possible duplicates (shared/domain/duplicates.ts) as the API shows them.

export const DuplicateOf = z
  .object({
    lineId: z.string().openapi({ description: 'la ligne déjà comptée' }),
    source: z.enum(['typed', 'file', 'awardee']).openapi({
      description: 'saisie à la main, relevé importé, ou déclaration du titulaire validée',
    }),
    statementId: z.string().nullable(),
    statementLine: z.number().int().nullable().openapi({ description: 'sa ligne dans le relevé' }),
    at: z.string().openapi({ description: 'quand elle a été comptée' }),
    by: z.string().nullable().openapi({ description: 'qui l’a comptée (son nom, s’il est connu)' }),
  })
  .openapi('DuplicateOf');

export const FlaggedLine = z
  .object({
    line: z.number().int().openapi({
      description: 'la ligne du fichier (l’en-tête est la ligne 1) ou de la déclaration',
    }),
    duplicateOf: DuplicateOf,
  })
  .openapi('FlaggedLine', {
    description:
      'Doublon possible : même marché, PLIE, mois, personne (ou ligne sans participant) et heures qu’une ligne déjà comptée venue d’une autre source',
  });

export const DuplicateDecisionField = z.enum(DUPLICATE_DECISIONS).openapi({
  description:
    'les doublons possibles : `skip` les laisse de côté (par défaut), `count` les compte quand même',
});

export const StatementImportQuery = z.object({
  duplicates: DuplicateDecisionField.optional(),
  dryRun: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true')
    .openapi({
      description: 'true : contrôler le fichier et lister ses doublons possibles, sans rien écrire',
    }),
});
