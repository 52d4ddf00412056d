import { isValidDate, isValidMonth } from '#shared/domain/calendar';
import { ENTITY_ID, normaliseSiret, PLIE_ID, siretProblem } from '#shared/domain/identifiers';
import { isWholeCents } from '#shared/domain/money';
import { hasControlOrBidi } from '#shared/domain/text';
import { z } from './zod';

export const IsoDate = z
  .string()
  .refine(isValidDate, { message: 'Date attendue au format AAAA-MM-JJ' })
  .openapi({ example: '2025-10-31', format: 'date' });

export const YearMonth = z
  .string()
  .refine(isValidMonth, { message: 'Mois attendu au format AAAA-MM' })
  .openapi({ example: '2025-10' });

export const Year = z.coerce
  .number({ message: 'Année attendue au format AAAA' })
  .int({ message: 'Année attendue au format AAAA' })
  .min(2000, { message: 'Année attendue entre 2000 et 2100' })
  .max(2100, { message: 'Année attendue entre 2000 et 2100' })
  .openapi({ example: 2025, type: 'integer' });

export const PlieId = z
  .string()
  .regex(PLIE_ID.pattern, { message: PLIE_ID.rule })
  .openapi({ example: 'bordeaux' });

/** Server-generated identifiers (contracts, participants, lines). */
export const EntityId = z
  .string()
  .regex(ENTITY_ID.pattern, { message: ENTITY_ID.rule })
  .openapi({ example: '01JB9Z6Q4K8M2N5P7R9T1V3X5Z' });

/** A SIRET: spaces removed, 14 digits with a valid check key (La Poste's own rule for its SIREN). */
export const Siret = z
  .string()
  .transform(normaliseSiret)
  .superRefine((value, ctx) => {
    const problem = siretProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .openapi({ example: '24330031600011', type: 'string', pattern: '^[0-9 ]{14,20}$' });

/** Euros as a JSON number with at most two decimals; converted to integer cents inside. */
export const Euros = z
  .number()
  .nonnegative()
  .max(1e11)
  .refine(isWholeCents, { message: 'Montant en euros avec au plus 2 décimales' })
  .openapi({ example: 1250000.5 });

/** A short free text: trimmed, never empty. */
/**
 * Free text (names, titles, reasons, references): line breaks and tabs become spaces (text
 * pasted from a spreadsheet), then NFC (one way to write "é"), trimmed; any other control or
 * bidirectional character is refused.
 */
export function Text(max: number) {
  return z
    .string()
    .overwrite((value) => value.replace(/[\t\r\n]+/g, ' '))
    .normalize('NFC')
    .trim()
    .refine((value) => !hasControlOrBidi(value), {
      message: 'Caractère de contrôle ou d’inversion du sens du texte interdit',
    })
    .min(1, { message: 'Champ obligatoire' })
    .max(max);
}

/** The message of a query parameter a list does not know (as GET /api/changes words it). */
export const unknownParameter = (issue: { code?: string; keys?: string[] }) =>
  issue.code === 'unrecognized_keys'
    ? `Paramètre inconnu : ${issue.keys?.join(', ')} (voir la documentation de l’API)`
    : undefined;

/**
 * Every list's paging, strict: a misspelt filter (`?anne=2025`) is refused with a 400 naming
 * it, instead of listing everything as if it had applied. Lists extending it stay strict.
 */
export const ListQuery = z.strictObject(
  {
    cursor: z
      .string()
      .max(2000)
      .optional()
      .openapi({ description: 'Curseur `nextCursor` de la page précédente' }),
    limit: z.coerce.number().int().min(1).max(500).default(100).openapi({ example: 100 }),
  },
  { error: unknownParameter },
);

export function listOf<T extends z.ZodType>(item: T, name: string) {
  return z
    .object({ items: z.array(item), nextCursor: z.string().nullable() })
    .openapi(`${name}List`);
}

export const FieldErrorSchema = z
  .object({ path: z.string(), message: z.string() })
  .openapi('FieldError', { description: 'un champ de la requête et ce qui ne va pas' });

/** A statement's errors: the file's line and column, as the user's spreadsheet numbers them. */
export const LineErrorSchema = z
  .object({ line: z.number().int(), column: z.string(), message: z.string() })
  .openapi('LineError', { description: 'une ligne et une colonne du relevé, et ce qui ne va pas' });

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.union([z.array(FieldErrorSchema), z.array(LineErrorSchema)]).optional(),
  })
  .openapi('Problem', { description: 'RFC 9457 problem details (application/problem+json)' });

export const IdParam = z.object({
  id: EntityId.openapi({ param: { name: 'id', in: 'path' } }),
});
