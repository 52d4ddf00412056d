import { sumHours } from '#shared/domain/hours';
import { awaitsReview } from '#shared/domain/statement-lifecycle';
import { hours, pct } from './format';
import type { Contract, Statement } from './types';

// An awardee's running total of a contract: what counts already (the hours validated), against
// the target, and what it declared that still awaits a facilitator's validation.

/** Hours declared on the contract and not validated yet: they count once validated. */
export function waitingHours(statements: readonly Statement[], contractId: string): number {
  return sumHours(
    statements
      .filter((s) => s.contractId === contractId && awaitsReview(s.status))
      .map((s) => s.hours),
  );
}

/** « 120 h validées depuis le début du marché sur un objectif de 800 h (15 %) ; 7 h … ». */
export function standingText(contract: Contract, statements: readonly Statement[]): string {
  const waiting = waitingHours(statements, contract.id);
  return [
    `${hours(contract.hoursLogged)} validées depuis le début du marché`,
    contract.targetHours
      ? ` sur un objectif de ${hours(contract.targetHours)} (${pct(contract.hoursLogged / contract.targetHours)})`
      : '',
    waiting ? ` ; ${hours(waiting)} déclarées, en attente de validation.` : '.',
  ].join('');
}
