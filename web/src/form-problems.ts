import { ApiError } from './api';
import { type field, h, notice, replace } from './dom';

// A refused form: each error beside its field, and all of them in a summary at the top of the
// form, each a link to its field (the field's id as anchor); the focus goes to the summary, so
// that a keyboard or screen-reader user hears how many errors there are and follows each link
// to its fix. What the page finds itself (an empty required field, an unreadable number) and
// what the API refuses come in one pass: the page checks what it can before sending, all of it.

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
 * The field's label as the page shows it ("Objet"), to name it in the summary; a field repeated
 * in a form (a statement's lines) is named with its group's prefix (« Ligne 2 — Heures »).
 */
const labelOf = (f: Field) => {
  // A group of choices (checkboxes) is named by its legend, not by its first choice.
  const named =
    f.element.querySelector(':scope > fieldset > legend') ?? f.element.querySelector('label');
  // A cell of a table (an envelope) has no label of its own: its accessible name.
  const label =
    named?.textContent?.trim() ?? f.control.getAttribute('aria-label') ?? f.control.name;
  const prefix = f.element.closest<HTMLElement>('[data-label-prefix]')?.dataset.labelPrefix;
  return prefix ? `${prefix} — ${label}` : label;
};

/** The field an API error names: its path, or the list it is an item of ("emails.2" → "emails"). */
const fieldAt = (fields: Record<string, Field>, path: string | undefined) =>
  path ? (fields[path] ?? fields[path.replace(/\.\d+$/, '')]) : undefined;

/**
 * Every empty field the form marks `required`, and every SIRET field that is not 14 digits:
 * what the API would refuse too, found before sending so that it comes with the other errors.
 */
export function missingFields(fields: Record<string, Field>): [Field, string][] {
  const problems: [Field, string][] = [];
  for (const [path, f] of Object.entries(fields)) {
    const value = (f.control as HTMLInputElement).value.trim();
    if (f.control.required && !value) problems.push([f, 'Champ obligatoire.']);
    else if (/siret$/i.test(path) && value && !/^\d{14}$/.test(value.replace(/\s/g, '')))
      problems.push([f, 'Un SIRET a 14 chiffres.']);
  }
  return problems;
}

/** The summary: a sentence, then each error as a link to its field; the focus goes to it. */
function drawSummary(
  summary: HTMLElement,
  sentence: string,
  placed: [Field, string][],
  unplaced: string[],
): void {
  const count = placed.length + unplaced.length;
  replace(
    summary,
    notice(
      'failure',
      h('p', null, count > 1 ? `${sentence} (${count} erreurs)` : sentence),
      count === 0
        ? null
        : h(
            'ul',
            { class: 'form-errors' },
            placed.map(([f, message]) =>
              h(
                'li',
                null,
                h(
                  'a',
                  {
                    href: `#${f.control.id}`,
                    // The pages' router reads the address: the link moves the focus, not the page.
                    onclick: (event: Event) => {
                      event.preventDefault();
                      f.control.focus();
                      f.element.scrollIntoView({ block: 'center' });
                    },
                  },
                  // The API's message may name its field already (« Référence : 1 à 40 … »).
                  message.startsWith(`${labelOf(f)} :`) ? message : `${labelOf(f)} : ${message}`,
                ),
              ),
            ),
            unplaced.map((m) => h('li', null, m)),
          ),
    ),
  );
  summary.setAttribute('tabindex', '-1');
  summary.classList.add('form-summary');
  summary.focus();
}

/**
 * What the page itself finds before sending (a missing field, an unreadable number): each
 * message on its field, all of them in the summary, the focus on it. False if none.
 */
export function showLocalProblems(
  fields: Record<string, Field>,
  problems: [Field, string][],
  summary: HTMLElement,
): boolean {
  for (const f of new Set(Object.values(fields))) f.setError(null);
  replace(summary);
  // One message per field: the first found for it.
  const seen = new Set<Field>();
  const unique = problems.filter(([f]) => !seen.has(f) && seen.add(f));
  if (!unique.length) return false;
  for (const [f, message] of unique) f.setError(message);
  drawSummary(summary, FIX_THE_FIELDS, unique, []);
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
  const placed: [Field, string][] = [];
  const unplaced: string[] = [];
  for (const problem of error.errors) {
    const target = fieldAt(fields, problem.path);
    if (target) {
      target.setError(problem.message);
      placed.push([target, problem.message]);
    } else unplaced.push(problem.message);
  }
  drawSummary(summary, formSummary(error, unplaced.length), placed, unplaced);
}
