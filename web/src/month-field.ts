import { frenchMonth, readMonth, type YearMonth } from '#shared/domain/calendar';
import { type Field, field, h } from './dom';

// Firefox and desktop Safari have no month picker: an `<input type="month">` there is a bare
// text box that only takes `2026-11`. Where the picker is missing, the field is a text box that
// reads months as people write them (`11/2026`, `novembre 2026`) and still gives the API
// `YYYY-MM`.

/** Whether this browser draws a month picker: it keeps `type="month"` only if it knows it. */
export function hasMonthPicker(): boolean {
  const probe = document.createElement('input');
  probe.setAttribute('type', 'month');
  return probe.type === 'month';
}

export const MONTH_HINT = 'mois/année, ex. 11/2026';

/** `2026-11` → `11/2026`, as the text box shows it. */
const typed = (month: string): string => (month ? `${month.slice(5, 7)}/${month.slice(0, 4)}` : '');

export interface MonthField extends Field {
  /** The month as the API takes it, `YYYY-MM`; null when empty or unreadable (its error is shown). */
  month(): YearMonth | null;
  /** Called with each readable month the user settles on. */
  onChange(listener: (month: YearMonth) => void): void;
}

export function monthField(
  label: string,
  options: { id?: string; name?: string; value: string; max?: string; required?: boolean },
): MonthField {
  const picker = hasMonthPicker();
  const control = h('input', {
    type: picker ? 'month' : 'text',
    id: options.id,
    // Without a picker, the text box is not sent: the hidden input below carries `YYYY-MM`.
    name: picker ? options.name : undefined,
    value: picker ? options.value : typed(options.value),
    max: picker ? options.max : undefined,
    required: options.required,
    autocomplete: 'off',
    ...(picker ? {} : { inputmode: 'text', spellcheck: 'false' }),
  });
  const hidden = options.name
    ? h('input', { type: 'hidden', name: options.name, value: options.value })
    : null;
  const base = field(label, control, picker ? undefined : MONTH_HINT);
  if (!picker && hidden) base.element.append(hidden);
  const listeners: ((month: YearMonth) => void)[] = [];

  const read = (): YearMonth | null => {
    const text = control.value.trim();
    // A picker gives `YYYY-MM` or nothing.
    const month = text ? (picker ? text : readMonth(text)) : null;
    if (!text) base.setError(options.required ? 'Indiquez le mois (ex. 11/2026).' : null);
    else if (!month) base.setError(`Mois illisible : écrivez-le ${MONTH_HINT}.`);
    else if (options.max && month > options.max)
      base.setError(`Mois à venir : ${frenchMonth(options.max)} au plus tard.`);
    else base.setError(null);
    const accepted = month && (!options.max || month <= options.max) ? month : null;
    if (hidden) hidden.value = accepted ?? '';
    return accepted;
  };

  control.addEventListener('change', () => {
    const month = read();
    if (!month) return;
    // What was understood, written the way the hint shows it.
    if (!picker) control.value = typed(month);
    for (const listener of listeners) listener(month);
  });

  return {
    ...base,
    month: read,
    onChange: (listener) => listeners.push(listener),
  };
}
