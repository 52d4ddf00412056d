import { frenchMonth, lastParisMonth } from '#shared/domain/calendar';
import { eur, frenchDate, h as hours, pct } from '#shared/report/format';

// French figures, the same functions the emails use: `1 234,5 h`, `20 000,00 €`, `octobre 2025`.
export { eur, frenchDate, frenchMonth, hours, pct };

/** The month before the current one in Paris: the month people report on. */
export const lastMonth = (now = new Date()): string => lastParisMonth(now);

/** A moment as French users read it, in Paris time: `24/11/2026 10:35`. */
export const frenchDateTime = (iso: string): string =>
  new Date(iso).toLocaleString('fr-FR', {
    timeZone: 'Europe/Paris',
    dateStyle: 'short',
    timeStyle: 'short',
  });
