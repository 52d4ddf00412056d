import { JOB_STATUSES } from '#shared/store/import-jobs';
import { EntityId } from './common';
import { z } from './zod';

// A structure's data, whole (issue 27): asked as a job, followed, then downloaded.

export const ExportFormatSchema = z.enum(['json', 'csv']).openapi({
  description:
    'json : un seul document, exact ; csv : une archive zip d’un fichier CSV par sorte de données (en-têtes français)',
});

export const ExportRequest = z.object({ format: ExportFormatSchema }).openapi('ExportRequest');

export const ExportJobIdParam = z.object({
  jobId: EntityId.openapi({ param: { name: 'jobId', in: 'path' } }),
});

export const ExportJob = z
  .object({
    id: z.string(),
    format: ExportFormatSchema,
    status: z.enum(JOB_STATUSES),
    done: z.number().int().openapi({ description: 'étapes de lecture faites' }),
    total: z.number().int(),
    fileName: z.string().nullable(),
    bytes: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'la taille du fichier, une fois prêt' }),
    counts: z
      .record(z.string(), z.number())
      .nullable()
      .openapi({ description: 'combien de chaque sorte de données le fichier contient' }),
    message: z.string().nullable().openapi({ description: 'pourquoi il a échoué' }),
    createdAt: z.string(),
    updatedAt: z.string(),
    expiresAt: z
      .string()
      .nullable()
      .openapi({ description: 'jusqu’à quand le fichier peut être téléchargé (24 heures)' }),
    expired: z.boolean(),
    download: z
      .object({
        url: z.string().openapi({
          description:
            'une URL S3 signée valable 15 minutes (AWS), ou /api/exports/{jobId}/file (en local, avec le jeton)',
        }),
      })
      .nullable(),
  })
  .openapi('ExportJob');
