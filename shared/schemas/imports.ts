import { normaliseSiret } from '#shared/domain/identifiers';
import { DECP_JOB_MAX_BYTES } from '#shared/jobs/limits';
import { IMPORT_FORMATS, IMPORT_KINDS, JOB_STATUSES } from '#shared/store/import-jobs';
import { EntityId } from './common';
import { z } from './zod';

export const ImportJobAccepted = z
  .object({
    jobId: EntityId,
    status: z.enum(JOB_STATUSES),
  })
  .openapi('ImportJobAccepted', {
    description: 'Suivre l’import avec GET /api/imports/{jobId}',
  });

export const ImportJobIdParam = z.object({
  jobId: EntityId.openapi({ param: { name: 'jobId', in: 'path' } }),
});

export const ImportJob = z
  .object({
    id: z.string(),
    kind: z.enum(['statement', 'decp']),
    fileName: z.string().nullable(),
    bytes: z.number().int(),
    status: z.enum(JOB_STATUSES),
    done: z.number().int().openapi({ description: 'lignes ou enregistrements traités' }),
    total: z.number().int(),
    result: z.record(z.string(), z.unknown()).nullable().openapi({
      description: 'la réponse de l’import (comme pour un petit fichier), une fois terminé',
    }),
    errors: z
      .array(
        z.object({
          line: z.number().optional(),
          column: z.string().optional(),
          message: z.string(),
        }),
      )
      .openapi({ description: 'les erreurs du fichier refusé (1 000 au plus)' }),
    errorCount: z.number().int(),
    message: z.string().nullable(),
    replaces: z
      .object({ statementId: z.string(), reason: z.string() })
      .nullable()
      .openapi({ description: 'le relevé que ce fichier corrige (un remplacement), et pourquoi' }),
    options: z
      .object({ dryRun: z.boolean(), buyerSirets: z.array(z.string()) })
      .nullable()
      .optional()
      .openapi({
        description: 'DECP : un aperçu (`dryRun`, rien n’est écrit) ou un filtre sur les acheteurs',
      }),
    refusalsUrl: z.string().nullable().optional().openapi({
      description:
        'DECP : où télécharger tous les enregistrements refusés (CSV) : une URL S3 signée valable 15 min, ou /api/imports/{jobId}/refusals en local (avec le jeton)',
    }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('ImportJob');

const Kind = z.enum(IMPORT_KINDS).openapi({ description: 'statement (relevé) ou decp' });
const Format = z.enum(IMPORT_FORMATS).openapi({ description: 'csv ou xlsx (relevé), json (DECP)' });

export const ImportUploadRequest = z
  .object({
    kind: Kind,
    format: Format,
    bytes: z.number().int().positive().max(DECP_JOB_MAX_BYTES).optional().openapi({
      description:
        'la taille du fichier, en octets : l’URL signée n’accepte que celle-ci, et le lancement la vérifie (100 Mo au plus pour un relevé, 1 Go pour un fichier DECP)',
    }),
  })
  .openapi('ImportUploadRequest');

export const ImportUpload = z
  .object({
    jobId: EntityId,
    uploadUrl: z.string().openapi({
      description:
        'où envoyer le fichier (PUT, avec ce content-type) : une URL S3 signée valable 15 min, ou /api/imports/{jobId}/file en local (avec le jeton)',
    }),
    contentType: z.string(),
  })
  .openapi('ImportUpload');

/** SIRETs as a buyer filter names them: 14 digits, spaces allowed, the key not checked (DECP). */
export const BuyerSirets = z
  .array(
    z
      .string()
      .transform(normaliseSiret)
      .pipe(z.string().regex(/^\d{14}$/, { message: 'SIRET de 14 chiffres attendu' })),
  )
  .max(50);

export const ImportStart = z
  .object({
    kind: Kind,
    format: Format,
    fileName: z.string().trim().max(200).optional(),
    dryRun: z.boolean().optional().openapi({
      description:
        'DECP : lire le fichier et dire ce que l’import ferait (un aperçu), sans rien écrire',
    }),
    buyerSirets: BuyerSirets.optional().openapi({
      description: 'DECP : n’importer que les marchés de ces acheteurs (SIRET)',
    }),
  })
  .openapi('ImportStart');

export const UploadFormatQuery = z.object({ format: Format });

export const ImportPreviewed = z
  .object({
    buyerSirets: BuyerSirets.optional().openapi({
      description:
        'n’importer que les marchés de ces acheteurs (SIRET) ; absent : ceux de l’aperçu',
    }),
  })
  .openapi('ImportPreviewed');
