import { monthsWithDuplicates } from '#shared/domain/duplicates';
import { all } from '../api';
import { h, notice } from '../dom';
import { frenchMonth } from '../format';
import type { HoursLine } from '../types';

// The months of a contract that hold possible duplicates (shared/domain/duplicates.ts): lines
// of the same PLIE, person and hours that came from two sources (a file and a typed line, two
// files, a file and an awardee's declaration), computed from the contract's lines.

/** A notice naming those months, or null when none does. */
export async function duplicateMonthsNotice(contractId: string): Promise<HTMLElement | null> {
  const lines = await all<HoursLine>(`/api/hours?contractId=${encodeURIComponent(contractId)}`);
  const months = [...monthsWithDuplicates(lines)].sort(([a], [b]) => b.localeCompare(a));
  if (months.length === 0) return null;
  return notice(
    'info',
    h('strong', null, 'Doublons possibles : '),
    `des lignes de même PLIE, même personne (ou sans participant) et mêmes heures viennent de deux sources (relevés, saisies, déclarations) en ${months
      .map(([month, count]) => `${frenchMonth(month)} (${count} lignes)`)
      .join(', ')}. Vérifiez-les dans les lignes ci-dessous ; annulez celles comptées deux fois.`,
  );
}
