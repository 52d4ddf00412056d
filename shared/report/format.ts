import { formatEurosFromCents, formatHours, formatPercent } from '#shared/domain/format';
import { eurosToCents } from '#shared/domain/money';

// French figures for the report's HTML and text, and for the pages: `1 234,5 h`, `20 000,00 €`,
// `76,5 %` — the formatting rules themselves live in shared/domain/format.ts.

export const h = formatHours;
/** Money inside the product: integer cents. */
export const eurCents = formatEurosFromCents;
/** Euros as the API's JSON gives them to the pages. */
export const eur = (euros: number) => formatEurosFromCents(eurosToCents(euros));
export const pct = formatPercent;

export function frenchDate(date: string): string {
  const [y, m, d] = date.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

export function escapeHtml(text: unknown): string {
  return String(text ?? '').replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string,
  );
}
