import { ApiError, formSummary } from './api';
import { type field, h, notice, replace } from './dom';

// A refused form: each of the API's field errors beside its field (by the field's path in the
// request body), the others listed in the summary above the button, and the focus on the first
// field in error so that a keyboard or screen-reader user lands where the fix is.

type Field = ReturnType<typeof field>;

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
