import type { Action } from './access';

// A participant's path through a PLIE, as far as the product follows it: followed, exited (with a
// situation, which the outcome rates count), or erased (GDPR: reference and criteria gone, hours
// and exit kept anonymous). Its states, how the pages name them, the transitions and who may
// take each; the store turns a transition into the condition of the write that takes it
// (shared/store/participant-exits.ts), so two tabs recording an exit cannot both succeed.

export const PARTICIPANT_STATES = ['following', 'exited', 'erased'] as const;
export type ParticipantState = (typeof PARTICIPANT_STATES)[number];

export const PARTICIPANT_STATE_LABELS: Record<ParticipantState, string> = {
  following: 'En parcours',
  exited: 'Sorti',
  erased: 'Effacé (RGPD)',
};

interface ParticipantTransition {
  from: readonly ParticipantState[];
  to: ParticipantState;
  /** Who may take it: the action of the role table (shared/domain/access.ts), PLIE-scoped. */
  action: Action;
  /** Why it is refused from any other state. */
  refusal: Partial<Record<ParticipantState, string>>;
}

const ERASED = 'Ce participant a été effacé (RGPD) : son parcours ne peut plus changer.';
const NO_EXIT = 'Ce participant n’a pas de sortie enregistrée : enregistrez-la d’abord.';

export const PARTICIPANT_TRANSITIONS = {
  exit: {
    from: ['following'],
    to: 'exited',
    action: 'participants:write',
    refusal: { exited: 'La sortie de ce participant est déjà enregistrée.', erased: ERASED },
  },
  /** A recorded exit's date or situation, corrected with a reason kept in the history. */
  correctExit: {
    from: ['exited'],
    to: 'exited',
    action: 'participants:write',
    refusal: { following: NO_EXIT, erased: ERASED },
  },
  /** An exit recorded by mistake: the participant is followed again. */
  cancelExit: {
    from: ['exited'],
    to: 'following',
    action: 'participants:write',
    refusal: { following: 'Ce participant n’a pas de sortie enregistrée.', erased: ERASED },
  },
  erase: {
    from: ['following', 'exited'],
    to: 'erased',
    action: 'participants:erase',
    refusal: { erased: 'Ce participant a déjà été effacé.' },
  },
} as const satisfies Record<string, ParticipantTransition>;
export type ParticipantTransitionName = keyof typeof PARTICIPANT_TRANSITIONS;

/** Where a participant stands, from what its record holds. */
export function participantState(participant: {
  exitedOn: string | null;
  erasedAt?: string | undefined;
}): ParticipantState {
  if (participant.erasedAt) return 'erased';
  return participant.exitedOn === null ? 'following' : 'exited';
}

/** Why `name` cannot be taken from `state` (the 409's words), or null when it can. */
export function participantRefusal(
  state: ParticipantState,
  name: ParticipantTransitionName,
): string | null {
  const transition: ParticipantTransition = PARTICIPANT_TRANSITIONS[name];
  if (transition.from.includes(state)) return null;
  return transition.refusal[state] ?? `Ce participant est « ${PARTICIPANT_STATE_LABELS[state]} ».`;
}
