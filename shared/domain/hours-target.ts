import type { SocialConsideration } from './contracts';

// A social clause (a condition of performance) is measured in insertion hours: without a target
// nothing can be judged, so the contract is flagged until its target is entered. A social
// criterion or a reservation alone asks for no hours. The contracts store's filter
// `targetMissing` (shared/store/contract-list-query.ts) says the same in DynamoDB's words.

export function hoursTargetMissing(contract: {
  socialConsiderations: readonly SocialConsideration[];
  targetHours: number | null;
}): boolean {
  return contract.socialConsiderations.includes('social-clause') && contract.targetHours === null;
}

/** How the pages name it. */
export const HOURS_TARGET_MISSING = 'objectif d’heures à saisir';
