import { ApiError } from './api';
import { type field, h, notice, replace } from './dom';

// A refused form: each of the API's field errors beside its field (by the field's path in the
// request body), the others listed in the summary above the button, and the focus on the first
// field in error so that a keyboard or screen-reader user lands where the fix is.

type Field = ReturnType<typeof field>;

const FIX_THE_FIELDS = 'Le formulaire contient des erreurs : corrigez les champs signalés.';

/**
 * The sentence above a form once each field shows its own message: the API's detail names the
 * fields in its own terms, so a refused form whose errors are all placed says it in words.
 */
export function formSummary(error: ApiError, unplaced: number): string {
  return error.status === 400 && unplaced === 0 && error.errors.length > 0
    ? FIX_THE_FIELDS
    : error.detail;
}

/**
 * What the page itself finds before sending (a missing choice, an unreadable number): each
 * message on its field, the sentence above the button, the focus on the first. False if none.
 */
export function showLocalProblems(
  fields: Record<string, Field>,
  problems: [Field, string][],
  summary: HTMLElement,
): boolean {
  for (const f of new Set(Object.values(fields))) f.setError(null);
  replace(summary);
  if (!problems.length) return false;
  for (const [f, message] of problems) f.setError(message);
  replace(summary, notice('failure', FIX_THE_FIELDS));
  problems[0]?.[0].control.focus();
  return true;
}

export function showProblems(
  error: unknown,
  fields: Record<string, Field>,
  summary: HTMLElement,
): void {
  const all = [...new Set(Object.values(fields))];
  for (const f of all) f.setError(null);
  if (!(error instanceof ApiError)) throw error;
  const unplaced: string[] = [];
  for (const problem of error.errors) {
    const target = problem.path ? fields[problem.path] : undefined;
    if (target) target.setError(problem.message);
    else unplaced.push(problem.message);
  }
  replace(
    summary,
    notice(
      'failure',
      formSummary(error, unplaced.length),
      unplaced.length
        ? h(
            'ul',
            null,
            unplaced.map((m) => h('li', null, m)),
          )
        : null,
    ),
  );
  const first = all.find((f) => f.element.classList.contains('invalid'))?.control;
  if (first) first.focus();
  else {
    summary.setAttribute('tabindex', '-1');
    summary.focus();
  }
}
