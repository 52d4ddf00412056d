import { Text } from './common';
import { z } from './zod';

// A statement's file name as the user's browser gives it (issue 29: the statements list names
// the file). It is user input shown back to people: printable text, a name and not a path,
// kept as the statement's attribute only (never in a key).

export const FILE_NAME_MAX = 200;

export const FileName = Text(FILE_NAME_MAX)
  .refine((value) => !/[/\\]/.test(value), {
    message: 'Nom de fichier sans « / » ni « \\ »',
  })
  .openapi({ description: 'le nom du fichier envoyé', example: 'releve-octobre-2026.csv' });

/** The name sent in `X-File-Name`, URI-encoded (a header carries no accented letter as is). */
export const FileNameHeader = z.object({
  'x-file-name': z
    .string()
    .max(FILE_NAME_MAX * 12)
    .transform((value, ctx) => {
      try {
        return decodeURIComponent(value);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'X-File-Name : nom encodé (URI) illisible' });
        return z.NEVER;
      }
    })
    .pipe(FileName)
    .optional()
    .openapi({
      description: `le nom du fichier (en-tête X-File-Name, encodé comme une URI ; ${FILE_NAME_MAX} caractères au plus), affiché dans la liste des relevés`,
    }),
});

/** A name from elsewhere (an import job's record): kept when it is a valid name, else none. */
export function validFileName(value: string | null | undefined): string | null {
  if (!value) return null;
  const parsed = FileName.safeParse(value);
  return parsed.success ? parsed.data : null;
}
