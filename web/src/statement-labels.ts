import { STATEMENT_STATE_LABELS } from '#shared/domain/statement-lifecycle';
import type { Statement } from './types';

/** How the pages name a statement's state, for facilitators and awardees alike. */
export const STATEMENT_STATUS_LABELS: Record<Statement['status'], string> = STATEMENT_STATE_LABELS;

/** Who a declared line is: the PLIE's reference, or the awardee's name-free description. */
export function declaredPerson(line: Statement['declaredLines'][number]): string {
  return line.participantRef ?? line.description ?? '—';
}
