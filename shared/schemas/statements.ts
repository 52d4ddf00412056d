import { MAX_DECLARED_LINES } from '#shared/domain/awardees';
import { HOUR_MODES } from '#shared/domain/hours';
import { STATEMENT_STATES } from '#shared/domain/statement-lifecycle';
import { EntityId, ListQuery, PlieId, Text, YearMonth } from './common';
import { DuplicateDecisionField, FlaggedLine, StatementImportQuery } from './duplicates';
import { LineHours } from './hours';
import { ParticipantRef } from './participants';
import { z } from './zod';

const DeclaredLine = z
  .object({
    line: z.number().int().openapi({ description: 'numéro de la ligne (1 pour la première)' }),
    participantRef: z.string().nullable(),
    description: z.string().nullable(),
    plieId: z.string(),
    hours: z.number(),
    mode: z.enum(HOUR_MODES),
    rejection: z
      .string()
      .nullable()
      .openapi({ description: 'pourquoi le facilitateur a refusé cette ligne' }),
  })
  .openapi('DeclaredLine');

export const Statement = z
  .object({
    id: z.string(),
    fileHash: z.string().openapi({ description: 'empreinte SHA-256 du fichier' }),
    uploadedAt: z.string(),
    uploadedBy: z.string(),
    uploadedByName: z.string().optional().openapi({
      description:
        'qui l’a envoyé, nommé comme dans le journal (absent pour les relevés plus anciens)',
    }),
    fileName: z.string().optional().openapi({
      description: 'le nom du fichier envoyé, quand la page l’a donné (pas pour une déclaration)',
    }),
    contractReferences: z.array(z.string()),
    months: z.array(z.string()),
    lineCount: z.number().int(),
    lastLine: z.number().int(),
    hours: z.number(),
    status: z.enum(STATEMENT_STATES).openapi({
      description:
        'importing → imported (fichier du facilitateur), puis withdrawing → withdrawn ou ' +
        'replacing → replaced ; submitted (déclaration d’un titulaire) → validating → ' +
        'validated (lignes saisies) ou rejected. Les états en -ing durent le temps d’écrire ' +
        'les lignes ; une seconde demande pendant ce temps reçoit un 409.',
    }),
    replaces: z.string().nullable(),
    replacedBy: z.string().nullable(),
    reason: z.string().nullable(),
    origin: z.enum(['upload', 'awardee']).openapi({
      description:
        'upload : fichier importé par un facilitateur ; awardee : déclaré par le titulaire',
    }),
    contractId: z.string().nullable(),
    month: z.string().nullable(),
    awardeeSiret: z.string().nullable(),
    declaredLines: z.array(DeclaredLine),
    reviewedAt: z.string().nullable(),
    reviewedBy: z.string().nullable(),
    pending: z
      .object({
        transition: z.enum(['withdraw', 'replace', 'validate']),
        at: z.string(),
        by: z.string(),
        from: z.enum(STATEMENT_STATES),
        reason: z.string().nullable(),
        replacement: z.string().nullable(),
        until: z.string().openapi({ description: 'au-delà, le changement interrompu est repris' }),
        job: z.string().nullable(),
      })
      .nullable()
      .openapi({ description: 'le changement en cours (retrait, remplacement, validation)' }),
    leftOut: z.array(z.number().int()).optional().openapi({
      description: 'les lignes laissées de côté comme doublons possibles, par numéro',
    }),
    possibleDuplicates: z.array(FlaggedLine).optional().openapi({
      description:
        'une déclaration à valider, lue par un facilitateur : ses lignes qui sont des doublons possibles',
    }),
  })
  .openapi('Statement');
export type Statement = z.infer<typeof Statement>;

export const StatementListQuery = ListQuery.extend({
  status: z
    .enum(STATEMENT_STATES)
    .optional()
    .openapi({ description: 'seulement les relevés de ce statut (submitted : à valider)' }),
});

/** An awardee's declaration: one contract, one ended month, one line per person. */
export const StatementSubmit = z
  .object({
    contractId: EntityId,
    month: YearMonth,
    lines: z
      .array(
        z.object({
          participantRef: ParticipantRef.optional().openapi({
            description: 'la référence de la personne donnée par son PLIE, si elle est connue',
          }),
          description: Text(120).optional().openapi({
            description: 'sinon, une description sans nom (« manœuvre embauché le 3 »)',
          }),
          plieId: PlieId.optional().openapi({
            description: 'le PLIE qui suit la personne (marché partagé entre PLIE seulement)',
          }),
          hours: LineHours,
          mode: z.enum(HOUR_MODES),
        }),
      )
      .min(1, { message: 'Au moins une ligne' })
      .max(MAX_DECLARED_LINES, { message: `Au plus ${MAX_DECLARED_LINES} lignes par relevé` }),
    replaces: z
      .string()
      .regex(/^ST[0-9A-F]{30}$/, { message: 'Identifiant de relevé invalide' })
      .optional()
      .openapi({ description: 'le relevé refusé que celui-ci corrige' }),
  })
  .openapi('StatementSubmit');
export type StatementSubmit = z.infer<typeof StatementSubmit>;

export const StatementReject = z
  .object({
    reason: Text(500),
    lines: z
      .array(z.number().int().min(1).max(MAX_DECLARED_LINES))
      .min(1)
      .max(MAX_DECLARED_LINES)
      .optional()
      .openapi({ description: 'les lignes refusées ; absent, le relevé entier' }),
  })
  .openapi('StatementReject');

export const StatementIdParam = z.object({
  id: z
    .string()
    .regex(/^ST[0-9A-F]{30}$/, { message: 'Identifiant de relevé invalide' })
    .openapi({ param: { name: 'id', in: 'path' } }),
});

export const StatementReason = z.object({ reason: Text(500) }).openapi('StatementReason');

export const ReplaceQuery = z.object({
  reason: Text(500)
    .optional()
    .openapi({ description: 'pourquoi le relevé est remplacé (obligatoire, sauf avec dryRun)' }),
  duplicates: DuplicateDecisionField.optional(),
  dryRun: StatementImportQuery.shape.dryRun.openapi({
    description:
      'true : contrôler le fichier corrigé et lister ses doublons possibles, sans rien écrire',
  }),
});

export const TemplateQuery = z.object({
  format: z.enum(['csv', 'xlsx']).default('csv').openapi({ description: 'csv (défaut) ou xlsx' }),
});
