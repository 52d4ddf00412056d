import { DUPLICATE_SOURCE_LABELS, type DuplicateDecision } from '#shared/domain/duplicates';
import { h, table } from './dom';
import { frenchDateTime } from './format';
import type { FlaggedLine } from './types';

// Possible duplicates (shared/domain/duplicates.ts) as the pages show them: the flagged lines
// beside the line already counted that they repeat, and the facilitator's choice, leave them
// out (checked first) or count them anyway.

/** « relevé importé le 20/11/2026 10:00 par Camille Martin (sa ligne 2) ». */
export function duplicateOfText(flagged: FlaggedLine['duplicateOf']): string {
  const by = flagged.by ? ` par ${flagged.by}` : '';
  const line = flagged.statementLine ? ` (sa ligne ${flagged.statementLine})` : '';
  return `${DUPLICATE_SOURCE_LABELS[flagged.source]} le ${frenchDateTime(flagged.at)}${by}${line}`;
}

/**
 * The flagged lines: their number, what the page knows of them (`what`: contract, person, month,
 * hours, in one cell so that a phone shows the line beside what it repeats) and the counted line
 * each repeats.
 */
export function duplicatesTable(
  flagged: readonly FlaggedLine[],
  what: (line: number) => string,
  label: string,
): HTMLElement {
  return table(
    [['Ligne', 'num'], 'Marché, personne, mois, heures', 'Déjà comptée'],
    flagged.map((f) =>
      h(
        'tr',
        { class: 'duplicate-line' },
        // A narrow key column: on a phone « Déjà comptée » stays in view beside the line.
        h('td', { class: 'num line-number' }, String(f.line)),
        h('td', null, what(f.line)),
        h('td', null, duplicateOfText(f.duplicateOf)),
      ),
    ),
    label,
  );
}

/** The choice for the flagged lines, as two radio buttons: leave them out is the default. */
export function duplicateChoice(
  name: string,
  count: number,
): { element: HTMLElement; value: () => DuplicateDecision } {
  const radio = (value: DuplicateDecision, label: string) =>
    h(
      'label',
      null,
      h('input', {
        type: 'radio',
        name,
        value,
        ...(value === 'skip' ? { checked: true } : {}),
      }),
      ` ${label}`,
    );
  const element = h(
    'fieldset',
    { class: 'group duplicate-choice' },
    h('legend', null, `Que faire de ${count > 1 ? `ces ${count} lignes` : 'cette ligne'} ?`),
    h(
      'div',
      { class: 'choices' },
      radio('skip', 'Les laisser de côté (conseillé : leurs heures sont déjà comptées)'),
      radio('count', 'Les compter quand même (ce sont d’autres heures réelles)'),
    ),
  );
  const value = () =>
    ((element.querySelector(`input[name="${name}"]:checked`) as HTMLInputElement | null)?.value as
      | DuplicateDecision
      | undefined) ?? 'skip';
  return { element, value };
}

/** What the answer of an import or a validation says of the flagged lines. */
export function duplicatesOutcome(flagged: number, leftOut: number): string {
  if (flagged === 0) return '';
  if (leftOut === 0)
    return ` ${flagged} doublon(s) possible(s) compté(s) quand même, à votre demande.`;
  return ` ${leftOut} doublon(s) possible(s) laissé(s) de côté : leurs heures étaient déjà comptées.`;
}
