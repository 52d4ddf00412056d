import { OPEN_DATA_BREAKDOWNS } from '#shared/domain/open-data';
import { isTenantId } from '#shared/domain/tenants';
import { Year } from './common';
import { z } from './zod';

// A structure's open data: the preview its administrator reads, what is published, and the
// public addresses' parameters (services/open-data.ts).

export const OpenDataParams = z.object({
  year: Year.openapi({ param: { name: 'year', in: 'path' } }),
});

const Shown = (description: string) => z.number().nullable().openapi({ description });

export const OpenDataRow = z
  .object({
    ventilation: z.enum(OPEN_DATA_BREAKDOWNS),
    code: z.string(),
    libelle: z.string(),
    heures: Shown('heures, au centième'),
    etp: Shown('équivalents temps plein (heures ÷ 1 607)'),
    personnes: Shown('personnes ; null : secret statistique, ou sans objet'),
    marches: Shown('marchés'),
    sorties: Shown('sorties ; null : secret statistique, ou sans objet'),
    taux: Shown('pourcentage, au dixième'),
    secret: z.boolean().openapi({ description: 'une valeur de la ligne est tue (secret)' }),
  })
  .openapi('OpenDataRow');

export const OpenDataPublished = z
  .object({
    year: z.number().int(),
    publishedAt: z.string(),
    publishedBy: z.string(),
    rows: z.number().int(),
    sha256: z.string().openapi({ description: 'empreinte SHA-256 du CSV publié' }),
    csv: z.string().openapi({ description: 'adresse publique du CSV (sans jeton)' }),
    schema: z.string().openapi({ description: 'adresse publique de son Table Schema' }),
  })
  .openapi('OpenDataPublished');

export const OpenDataPreview = z
  .object({
    year: z.number().int(),
    structure: z.string(),
    finished: z.boolean().openapi({ description: 'l’année est terminée : elle peut être publiée' }),
    rows: z.array(OpenDataRow),
    // A union, not .nullable(): a named schema made nullable reads as an object in the document.
    published: z.union([OpenDataPublished, z.null()]),
    upToDate: z.boolean().openapi({
      description: 'la copie publiée porte les chiffres d’aujourd’hui',
    }),
  })
  .openapi('OpenDataPreview');

export const OpenDataList = z
  .object({
    index: z.string().openapi({ description: 'adresse publique de l’index (Data Package)' }),
    items: z.array(OpenDataPublished),
  })
  .openapi('OpenDataList');

/** The public addresses: a structure, and a year's file. */
export const PublicTenant = z
  .string()
  .refine(isTenantId, { message: 'Structure inconnue' })
  .openapi({ param: { name: 'tenant', in: 'path' }, example: 'grenoble-alpes' });

export const PublicYear = z.coerce
  .number()
  .int()
  .min(2000)
  .max(2100)
  .openapi({ param: { name: 'year', in: 'path' }, example: 2025, type: 'integer' });
