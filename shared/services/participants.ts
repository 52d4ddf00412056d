import { type Identity, plieScope } from '#shared/domain/access';
import { exitDateProblem, type Outcome } from '#shared/domain/outcomes';
import {
  type ParticipantTransitionName,
  participantRefusal,
  participantState,
} from '#shared/domain/participant-lifecycle';
import type { AgeBand, Sex } from '#shared/domain/people';
import { BusinessRuleError, ConflictError } from '#shared/errors';
import { newId } from '#shared/ids';
import type { Participant } from '#shared/schemas/participants';
import type { ParticipantRecord } from '#shared/store/participants';
import { type ServiceDeps, writeContext } from './deps';
import { forgetParticipants } from './erasure';
import { requireKnownPlie } from './lookups';

export function participantView(record: ParticipantRecord): Participant {
  const { createdBy, erasedAt, erasedBy, sex, ageBand, ...participant } = record;
  return { ...participant, sex: sex ?? null, ageBand: ageBand ?? null };
}

export async function createParticipant(
  deps: ServiceDeps,
  actor: Identity,
  input: {
    plieId: string;
    ref: string;
    eligibility: string[];
    enteredOn: string;
    sex?: Sex | undefined;
    ageBand?: AgeBand | undefined;
  },
): Promise<ParticipantRecord> {
  await requireKnownPlie(deps, input.plieId);
  const context = writeContext(deps, actor);
  const { sex, ageBand, ...rest } = input;
  const record: ParticipantRecord = {
    id: newId(),
    ...rest,
    // Kept only when recorded: "non renseigné" is their absence.
    ...(sex ? { sex } : {}),
    ...(ageBand ? { ageBand } : {}),
    exitedOn: null,
    outcome: null,
    createdAt: context.at,
    createdBy: actor.sub,
  };
  await deps.stores.participants.create(record, context);
  return record;
}

/** Records or corrects the sex and the age band at entry (null: not recorded any more). */
export async function describeParticipant(
  deps: ServiceDeps,
  actor: Identity,
  participant: ParticipantRecord,
  changes: { sex?: Sex | null | undefined; ageBand?: AgeBand | null | undefined },
): Promise<ParticipantRecord> {
  if (participantState(participant) === 'erased') {
    throw new ConflictError('Ce participant a été effacé (RGPD) : rien ne peut plus le décrire.');
  }
  await deps.stores.participants.describe(participant, changes, writeContext(deps, actor));
  return {
    ...participant,
    ...(changes.sex !== undefined ? { sex: changes.sex } : {}),
    ...(changes.ageBand !== undefined ? { ageBand: changes.ageBand } : {}),
  };
}

/** A transition the participant's state does not allow is refused (409) before anything is written. */
function refuseUnless(participant: ParticipantRecord, transition: ParticipantTransitionName) {
  const refusal = participantRefusal(participantState(participant), transition);
  if (refusal) throw new ConflictError(refusal);
}

export async function exitParticipant(
  deps: ServiceDeps,
  actor: Identity,
  participant: ParticipantRecord,
  exit: { exitedOn: string; outcome: Outcome },
): Promise<ParticipantRecord> {
  const problem = exitDateProblem(participant.enteredOn, exit.exitedOn);
  if (problem) {
    throw new BusinessRuleError('La sortie ne peut précéder l’entrée dans le PLIE.', [
      { path: 'exitedOn', message: problem },
    ]);
  }
  refuseUnless(participant, 'exit');
  await deps.stores.exits.record(participant, exit, writeContext(deps, actor));
  return { ...participant, ...exit };
}

/** Corrects a recorded exit, with a reason kept in the history. */
export async function correctExit(
  deps: ServiceDeps,
  actor: Identity,
  participant: ParticipantRecord,
  exit: { exitedOn: string; outcome: Outcome; reason: string },
): Promise<ParticipantRecord> {
  refuseUnless(participant, 'correctExit');
  const problem = exitDateProblem(participant.enteredOn, exit.exitedOn);
  if (problem) {
    throw new BusinessRuleError('La sortie ne peut précéder l’entrée dans le PLIE.', [
      { path: 'exitedOn', message: problem },
    ]);
  }
  const corrected = { exitedOn: exit.exitedOn, outcome: exit.outcome };
  await deps.stores.exits.change(participant, corrected, exit.reason, writeContext(deps, actor));
  return { ...participant, ...corrected };
}

/** Cancels an exit recorded by mistake: the participant is in the PLIE again. */
export async function cancelExit(
  deps: ServiceDeps,
  actor: Identity,
  participant: ParticipantRecord,
  reason: string,
): Promise<ParticipantRecord> {
  refuseUnless(participant, 'cancelExit');
  await deps.stores.exits.change(participant, null, reason, writeContext(deps, actor));
  return { ...participant, exitedOn: null, outcome: null };
}

export async function eraseParticipant(
  deps: ServiceDeps,
  actor: Identity,
  participant: ParticipantRecord,
  reason: string,
): Promise<void> {
  refuseUnless(participant, 'erase');
  await forgetParticipants(deps, [participant], writeContext(deps, actor), reason);
}

/** Participants of one PLIE (or every PLIE), a page at a time; a coordinator's own PLIE only. */
export async function listParticipants(
  deps: ServiceDeps,
  actor: Identity,
  query: { plieId?: string | undefined; cursor?: string | undefined; limit: number },
): Promise<{ items: Participant[]; nextCursor: string | null }> {
  const page = await deps.stores.participants.list(plieScope(actor, query.plieId), {
    cursor: query.cursor,
    limit: query.limit,
  });
  return { items: page.items.map(participantView), nextCursor: page.nextCursor };
}
