import type { Statement } from './types';

/** How the pages name a statement's status, for facilitators and awardees alike. */
export const STATEMENT_STATUS_LABELS: Record<Statement['status'], string> = {
  importing: 'Import en cours',
  imported: 'Importé',
  withdrawn: 'Retiré',
  replaced: 'Remplacé',
  submitted: 'À valider',
  validated: 'Validé',
  rejected: 'Refusé',
};

/** Who a declared line is: the PLIE's reference, or the awardee's name-free description. */
export function declaredPerson(line: Statement['declaredLines'][number]): string {
  return line.participantRef ?? line.description ?? '—';
}
