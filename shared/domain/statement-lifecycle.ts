import type { Role } from './access';

// A monthly statement's life, in one place: its states, how the pages name them, the
// transitions between them and who may take each. A change that writes many lines (a
// withdrawal, a replacement, a validation) first moves the statement to a state of its own
// ("replacing"…), conditionally, so that of two clicks, two tabs or a retry racing each other
// exactly one goes on and the other is refused before writing anything; it ends in its final
// state once every line is written. The store turns a transition into the condition of the
// transaction that writes it; no other file spells a status.

export const STATEMENT_STATES = [
  'importing',
  'imported',
  'withdrawing',
  'withdrawn',
  'replacing',
  'replaced',
  'submitted',
  'validating',
  'validated',
  'rejected',
] as const;
export type StatementState = (typeof STATEMENT_STATES)[number];

/** How the pages name each state. */
export const STATEMENT_STATE_LABELS: Record<StatementState, string> = {
  importing: 'Import en cours',
  imported: 'Importé',
  withdrawing: 'Retrait en cours',
  withdrawn: 'Retiré',
  replacing: 'Remplacement en cours',
  replaced: 'Remplacé',
  submitted: 'À valider',
  validating: 'Validation en cours',
  validated: 'Validé',
  rejected: 'Refusé',
};

/** The same, within a sentence ("Ce relevé est …"). */
const STATE_WORDS: Record<StatementState, string> = {
  importing: 'en cours d’import',
  imported: 'importé',
  withdrawing: 'en cours de retrait',
  withdrawn: 'retiré',
  replacing: 'en cours de remplacement',
  replaced: 'remplacé',
  submitted: 'déclaré, à valider',
  validating: 'en cours de validation',
  validated: 'validé',
  rejected: 'refusé',
};

const FACILITATORS: readonly Role[] = ['admin', 'procurement'];

export interface StatementTransition {
  /** The states it may start from. */
  from: readonly StatementState[];
  /** The state it holds while it writes its lines, if it writes any. */
  via?: StatementState;
  to: StatementState;
  /** Who may take it. */
  roles: readonly Role[];
  /** What it does, within a sentence ("il ne peut être retiré"). */
  verb: string;
  /** What an interrupted one becomes: finished, or undone back to where it started. */
  ifInterrupted?: 'finish' | 'undo';
}

export const STATEMENT_TRANSITIONS = {
  /** A facilitator's file, recorded first, then its lines. */
  import: { from: [], via: 'importing', to: 'imported', roles: FACILITATORS, verb: 'importé' },
  /** An awardee's declaration: nothing counts until it is validated. */
  submit: { from: [], to: 'submitted', roles: ['awardee'], verb: 'déclaré' },
  // A file imported, or an awardee's statement once validated, can be withdrawn: its lines
  // are voided. Interrupted, it is finished: nothing of it needs the request that asked it.
  withdraw: {
    from: ['imported', 'validated'],
    via: 'withdrawing',
    to: 'withdrawn',
    roles: FACILITATORS,
    verb: 'retiré',
    ifInterrupted: 'finish',
  },
  // A file imported can be replaced by its corrected version (an awardee corrects by a new
  // declaration). Interrupted, it is undone: the corrected file went with its request.
  replace: {
    from: ['imported'],
    via: 'replacing',
    to: 'replaced',
    roles: FACILITATORS,
    verb: 'remplacé',
    ifInterrupted: 'undo',
  },
  validate: {
    from: ['submitted'],
    via: 'validating',
    to: 'validated',
    roles: FACILITATORS,
    verb: 'validé',
    ifInterrupted: 'undo',
  },
  reject: { from: ['submitted'], to: 'rejected', roles: FACILITATORS, verb: 'refusé' },
} as const satisfies Record<string, StatementTransition>;

export type StatementTransitionName = keyof typeof STATEMENT_TRANSITIONS;
/** The transitions that hold a state of their own while they write lines. */
export type LongTransitionName = 'withdraw' | 'replace' | 'validate';

/**
 * Why this transition cannot be taken from the statement's state, in French; null when it can.
 * Who may take it is the caller's role check (routes authorize before the service runs).
 */
export function transitionRefusal(
  state: StatementState,
  name: StatementTransitionName,
): string | null {
  const transition: StatementTransition = STATEMENT_TRANSITIONS[name];
  if (transition.from.includes(state)) return null;
  if (IN_PROGRESS_STATES.has(state))
    return `Ce relevé est ${STATE_WORDS[state]} : attendez la fin, puis rechargez-le.`;
  return `Ce relevé est ${STATE_WORDS[state]} : il ne peut être ${transition.verb}.`;
}

/** May this transition start from this state? (The pages offer only what can be taken.) */
export const canTake = (state: StatementState, name: StatementTransitionName) =>
  (STATEMENT_TRANSITIONS[name] as StatementTransition).from.includes(state);

/** The states of a change still under way (its lines being written). */
export const IN_PROGRESS_STATES: ReadonlySet<StatementState> = new Set(
  Object.values(STATEMENT_TRANSITIONS).flatMap((t: StatementTransition) => (t.via ? [t.via] : [])),
);

/**
 * How many of a statement's lines must be active in each settled state: all of them once
 * imported or validated, none otherwise. Under way: no rule (reconcile reports it as such).
 */
export function expectedActiveLines(
  state: StatementState,
  lineCount: number,
): number | 'in-progress' {
  if (IN_PROGRESS_STATES.has(state)) return 'in-progress';
  return state === 'imported' || state === 'validated' ? lineCount : 0;
}

/** A statement that counts as the month's, for the missing-statement check: sent and not refused. */
export function countsAsReceived(origin: 'upload' | 'awardee', state: StatementState): boolean {
  return origin === 'awardee'
    ? state === 'submitted' || state === 'validating' || state === 'validated'
    : state === 'imported' || state === 'importing' || state === 'replacing';
}

/** An awardee's statement refused, that the awardee may correct by a new declaration. */
export const isRefused = (state: StatementState) => state === 'rejected';
/** Waiting for a facilitator's decision. */
export const awaitsReview = (state: StatementState) => state === 'submitted';
/** Its lines count: it may be withdrawn (or, a facilitator's file, replaced). */
export const isCounted = (state: StatementState) => state === 'imported' || state === 'validated';

/**
 * Until when a change under way is left to finish: its runner's own limit, with a margin — a
 * request's (the API function stops at 29 s), or a job worker's. Past it, whatever ran it is
 * gone, and the next look at the statement finishes or undoes it; never before, so that a live
 * change is never undone under its runner's feet.
 */
export function changeDeadline(at: string, runnerLimitMs: number): string {
  return new Date(Date.parse(at) + runnerLimitMs + 60_000).toISOString();
}

/** A request's limit: API Gateway's 29 s (the local server, no limit, runs big files as jobs). */
export const REQUEST_LIMIT_MS = 30_000;
