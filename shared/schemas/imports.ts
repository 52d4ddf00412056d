import { JOB_STATUSES } from '#shared/store/import-jobs';
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
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('ImportJob');
