import { type DuplicateFields, possibleDuplicates } from '#shared/domain/duplicates';
import { all } from '../api';
import { h, notice } from '../dom';
import { frenchDateTime, frenchMonth, hours } from '../format';
import type { HoursLine } from '../types';

// A line typed by hand that repeats one already counted — the same contract, PLIE, month,
// person and hours from a file, a declaration or an earlier entry (shared/domain/duplicates.ts)
// — is said before it is saved; the facilitator saves it anyway or leaves it.

/** The counted line the new one may repeat: the contract's lines of that month, read once. */
export async function countedAlready(line: {
  contractId: string | undefined;
  plieId: string | undefined;
  month: string | undefined;
  hours: number;
  participantId?: string | undefined;
}): Promise<HoursLine | null> {
  if (!line.contractId || !line.plieId || !line.month || !(line.hours > 0)) return null;
  const counted = await all<HoursLine>(
    `/api/hours?contractId=${encodeURIComponent(line.contractId)}&month=${line.month}`,
  );
  const candidate: DuplicateFields = {
    contractId: line.contractId,
    plieId: line.plieId,
    participantId: line.participantId ?? null,
    month: line.month,
    hours: line.hours,
  };
  return possibleDuplicates([candidate], counted, null)[0] ?? null;
}

/** The warning, with « Enregistrer quand même » and « Annuler ». */
export function duplicateWarning(
  repeated: HoursLine,
  save: () => void,
  cancel: () => void,
): HTMLElement {
  const from = repeated.statementId
    ? `d’un relevé (sa ligne ${repeated.statementLine ?? '?'})`
    : 'saisie à la main';
  const anyway = h('button', { type: 'button' }, 'Enregistrer quand même');
  anyway.addEventListener('click', save);
  const leave = h('button', { type: 'button', class: 'secondary' }, 'Annuler');
  leave.addEventListener('click', cancel);
  const box = notice(
    'info',
    h('strong', null, 'Doublon possible : '),
    `une ligne de ${hours(repeated.hours)} en ${frenchMonth(repeated.month)}, pour le même marché, le même PLIE et la même personne, est déjà comptée (${from}, le ${frenchDateTime(repeated.createdAt)}). Si ce sont les mêmes heures, ne l’enregistrez pas ; si ce sont d’autres heures réelles, enregistrez-la quand même.`,
    h('div', { class: 'actions' }, anyway, ' ', leave),
  );
  box.setAttribute('role', 'alert');
  queueMicrotask(() => anyway.focus());
  return box;
}
