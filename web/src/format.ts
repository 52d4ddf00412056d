import { frenchMonth } from '../../shared/domain/calendar';
import { eur, frenchDate, h as hours, pct } from '../../shared/report/format';

// French figures, the same functions the emails use: `1 234,5 h`, `20 000,00 €`, `octobre 2025`.
export { eur, frenchDate, frenchMonth, hours, pct };

/** The month before the current one in Paris: the month people report on. */
export function lastMonth(now = new Date()): string {
  const paris = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Paris',
    year: 'numeric',
    month: '2-digit',
  })
    .format(now)
    .slice(0, 7);
  const [y, m] = paris.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}
