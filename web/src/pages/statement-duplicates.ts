import { statementContentType } from '#shared/imports/file-types';
import type { ReadStatement } from '#shared/imports/statement';
import { ApiError, api } from '../api';
import { h, notice } from '../dom';
import { duplicateChoice, duplicatesTable } from '../duplicate-lines';
import { frenchMonth, hours } from '../format';
import type { StatementImportResult } from '../types';

// The statement upload's second look, by the server: the file's lines that may repeat hours
// already counted, shown in the preview with the facilitator's choice.

/**
 * The server's look, before anything is written: the lines that may repeat hours already
 * counted (another file, a typed line, an awardee's declaration), and the choice for them.
 */
export async function possibleDuplicates(
  file: File,
  read: ReadStatement,
): Promise<{ view: HTMLElement; choice: ReturnType<typeof duplicateChoice> } | null> {
  let found: StatementImportResult;
  try {
    found = await api<StatementImportResult>('POST', '/api/hours/import?dryRun=true', file, {
      contentType: statementContentType(file),
    });
  } catch (error) {
    // The import says what is wrong, with every line's error: the preview stays as it is.
    if (error instanceof ApiError) return null;
    throw error;
  }
  if (found.duplicates.length === 0) return null;
  const byLine = new Map(read.lines.map((l) => [l.line, l]));
  const choice = duplicateChoice('statement-duplicates', found.duplicates.length);
  const view = h(
    'section',
    { class: 'duplicates', 'aria-labelledby': 'statement-duplicates-title' },
    h('h3', { id: 'statement-duplicates-title' }, 'Doublons possibles'),
    notice(
      'info',
      `${found.duplicates.length} ligne(s) du fichier ont le même marché, PLIE, mois, participant et heures qu’une ligne déjà comptée d’une autre source. Si ce sont les mêmes heures, laissez-les de côté ; si ce sont d’autres heures réelles, comptez-les.`,
    ),
    duplicatesTable(
      found.duplicates,
      (number) => {
        const line = byLine.get(number);
        if (!line) return '';
        const who = line.participantRef ?? 'sans participant';
        return `${line.contractReference} · ${who} · ${frenchMonth(line.month)} · ${hours(line.hours)}`;
      },
      'Doublons possibles du relevé',
    ),
    choice.element,
  );
  return { view, choice };
}
