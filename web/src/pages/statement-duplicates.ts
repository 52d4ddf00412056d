import { statementContentType } from '#shared/imports/file-types';
import type { ReadStatement } from '#shared/imports/statement';
import { ApiError, api } from '../api';
import { h, notice } from '../dom';
import { duplicateChoice, duplicateOfText, duplicatesTable } from '../duplicate-lines';
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
  read: ReadStatement | null,
  /**
   * The dry run to ask (an import's, or a statement's replacement), the section's id, and
   * whether to list the lines rather than tabulate them (a form inside a table's cell).
   */
  ask: { path: string; id: string; compact?: boolean } = {
    path: '/api/hours/import?dryRun=true',
    id: 'statement-duplicates',
  },
  /** Told the server's refusal of the file, every line's error, when the dry run refuses it. */
  onRefused?: (refusal: ApiError) => void,
): Promise<{ view: HTMLElement; choice: ReturnType<typeof duplicateChoice> } | null> {
  let found: StatementImportResult;
  try {
    found = await api<StatementImportResult>('POST', ask.path, file, {
      contentType: statementContentType(file),
    });
  } catch (error) {
    // The import says what is wrong, with every line's error: the caller may say it at once.
    if (error instanceof ApiError) {
      onRefused?.(error);
      return null;
    }
    throw error;
  }
  if (found.duplicates.length === 0) return null;
  const byLine = new Map((read?.lines ?? []).map((l) => [l.line, l]));
  const choice = duplicateChoice(ask.id, found.duplicates.length);
  const what = (number: number) => {
    const line = byLine.get(number);
    if (!line) return '';
    const who = line.participantRef ?? 'sans participant';
    return `${line.contractReference} · ${who} · ${frenchMonth(line.month)} · ${hours(line.hours)}`;
  };
  const view = h(
    'section',
    { class: 'duplicates', 'aria-labelledby': `${ask.id}-title` },
    h('h3', { id: `${ask.id}-title` }, 'Doublons possibles'),
    notice(
      'info',
      `${found.duplicates.length} ligne(s) du fichier ont le même marché, PLIE, mois, participant et heures qu’une ligne déjà comptée d’une autre source. Si ce sont les mêmes heures, laissez-les de côté ; si ce sont d’autres heures réelles, comptez-les.`,
    ),
    ask.compact
      ? h(
          'ul',
          { class: 'duplicate-list', 'aria-label': 'Doublons possibles du relevé' },
          found.duplicates.map((f) =>
            h(
              'li',
              null,
              h('strong', null, `Ligne ${f.line}`),
              what(f.line) ? ` : ${what(f.line)}` : '',
              h('br'),
              `déjà comptée : ${duplicateOfText(f.duplicateOf)}`,
            ),
          ),
        )
      : duplicatesTable(found.duplicates, what, 'Doublons possibles du relevé'),
    choice.element,
  );
  return { view, choice };
}
