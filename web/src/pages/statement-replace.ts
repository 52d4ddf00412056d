import { statementContentType } from '#shared/imports/file-types';
import { readStatement } from '#shared/imports/statement';
import { ApiError, api } from '../api';
import { field, h, notice, replace } from '../dom';
import type { duplicateChoice } from '../duplicate-lines';
import { onSubmit } from '../form-submit';
import { followImport, lineErrorsTable, statementOutcome } from '../import-progress';
import { readSheet } from '../statement-file';
import type { Statement, StatementReplaceResult } from '../types';
import { possibleDuplicates } from './statement-duplicates';

// A statement replaced by its corrected file (issue 29: checked as an import is). Once the file
// is chosen the server looks at it without writing: the lines that repeat hours counted from
// another source — a typed line, another file, an awardee's declaration, not the statement it
// replaces — are shown with the choice, leave them out (checked) or count them; the file is
// then checked whole when sent, errors shown line by line.

/** What the list says once a statement was replaced: the lines counted, those left out. */
export type Replaced = (said: string) => void;

export function replaceForm(s: Statement, done: Replaced): HTMLFormElement {
  const reason = field(
    'Motif du remplacement',
    h('input', { name: 'reason', required: true, maxlength: '500', autocomplete: 'off' }),
  );
  const file = field(
    'Relevé corrigé',
    h('input', { type: 'file', name: 'file', required: true, accept: '.csv,.xlsx,text/csv' }),
    'Ses lignes remplacent celles du relevé, qui sont annulées avec le motif.',
  );
  const flagged = h('div', { 'aria-live': 'polite' });
  const problems = h('div', { 'aria-live': 'polite' });
  const confirm = h('button', { type: 'submit' }, 'Remplacer le relevé');
  const form = h(
    'form',
    { class: 'inline' },
    reason.element,
    file.element,
    flagged,
    confirm,
    problems,
  );
  const input = file.control as HTMLInputElement;
  /** The choice for the possible duplicates the server found in the chosen file, if any. */
  let choice: ReturnType<typeof duplicateChoice> | null = null;
  let looked: Promise<void> = Promise.resolve();
  input.addEventListener('change', () => {
    choice = null;
    replace(flagged);
    const chosen = input.files?.[0];
    if (!chosen) return;
    looked = (async () => {
      // The lines as the page reads them, to say what each flagged line is.
      const read = await readSheet(chosen).then(readStatement, () => null);
      const found = await possibleDuplicates(chosen, read, {
        path: `/api/statements/${s.id}/replace?dryRun=true`,
        id: `replace-duplicates-${s.id}`,
        compact: true,
      });
      if (input.files?.[0] !== chosen || !found) return;
      choice = found.choice;
      replace(flagged, found.view);
    })();
  });
  onSubmit(form, async (event) => {
    event.preventDefault();
    const chosen = input.files?.[0];
    if (!chosen) return;
    confirm.disabled = true;
    // The choice asked about, if the look at the file is still under way.
    await looked;
    const query = new URLSearchParams({
      reason: reason.control.value,
      duplicates: choice?.value() ?? 'skip',
    });
    try {
      const answer = await api<StatementReplaceResult | { jobId: string }>(
        'POST',
        `/api/statements/${s.id}/replace?${query}`,
        chosen,
        {
          contentType: statementContentType(chosen),
          headers: { 'x-file-name': encodeURIComponent(chosen.name.slice(-200)) },
        },
      );
      if ('jobId' in answer) {
        // A big file: replaced in the background, followed here; the list once it is done.
        const job = await followImport(answer.jobId, problems, statementOutcome);
        // Gone from the page (null), the job goes on and « Imports » shows it.
        if (!job) return;
        if (job.status === 'failed') {
          confirm.disabled = false;
          return;
        }
        done(`Relevé remplacé : ${statementOutcome(job.result ?? {})}`);
        return;
      }
      done(`Relevé remplacé : ${statementOutcome(answer)}`);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const lines = error.errors.filter((e) => e.line !== undefined);
      replace(
        problems,
        notice('failure', error.detail),
        lines.length ? lineErrorsTable(lines) : '',
      );
      confirm.disabled = false;
    }
  });
  return form;
}
