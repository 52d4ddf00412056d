import { Text } from './common';
import { z } from './zod';

export const Statement = z
  .object({
    id: z.string(),
    fileHash: z.string().openapi({ description: 'empreinte SHA-256 du fichier' }),
    uploadedAt: z.string(),
    uploadedBy: z.string(),
    contractReferences: z.array(z.string()),
    months: z.array(z.string()),
    lineCount: z.number().int(),
    lastLine: z.number().int(),
    hours: z.number(),
    status: z.enum(['importing', 'imported', 'withdrawn', 'replaced']),
    replaces: z.string().nullable(),
    replacedBy: z.string().nullable(),
    reason: z.string().nullable(),
  })
  .openapi('Statement');

export const StatementIdParam = z.object({
  id: z
    .string()
    .regex(/^ST[0-9A-F]{30}$/, { message: 'Identifiant de relevé invalide' })
    .openapi({ param: { name: 'id', in: 'path' } }),
});

export const StatementReason = z.object({ reason: Text(500) }).openapi('StatementReason');

export const ReplaceQuery = z.object({
  reason: Text(500).openapi({ description: 'pourquoi le relevé est remplacé' }),
});

export const TemplateQuery = z.object({
  format: z.enum(['csv', 'xlsx']).default('csv').openapi({ description: 'csv (défaut) ou xlsx' }),
});
