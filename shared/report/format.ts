import { formatPercent } from '../domain/format';

// French figures for the report's HTML and text: `1 234,5 h`, `20 000,00 €`, `76,5 %`.

const hours = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });
const euros = new Intl.NumberFormat('fr-FR', {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});

export const h = (value: number) => `${hours.format(value)} h`;
export const eur = (value: number) => `${euros.format(value)} €`;
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
