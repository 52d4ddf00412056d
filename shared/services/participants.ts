import type { Identity } from '../domain/access';
import type { Outcome } from '../domain/outcomes';
import { BusinessRuleError, ConflictError, NotFoundError } from '../errors';
import { newId } from '../ids';
import type { Participant } from '../schemas/participants';
import type { ParticipantRecord } from '../store/participants';
import { type ServiceDeps, writeContext } from './deps';

export function participantView(record: ParticipantRecord): Participant {
  const { createdBy, erasedAt, ...participant } = record;
  return participant;
}

export async function createParticipant(
  deps: ServiceDeps,
  actor: Identity,
  input: { plieId: string; ref: string; eligibility: string[]; enteredOn: string },
): Promise<ParticipantRecord> {
  if (!(await deps.stores.plies.get(input.plieId))) {
    throw new BusinessRuleError('Ce PLIE n’existe pas.', [
      { path: 'plieId', message: 'PLIE inconnu' },
    ]);
  }
  const context = writeContext(deps, actor);
  const record: ParticipantRecord = {
    id: newId(),
    ...input,
    exitedOn: null,
    outcome: null,
    createdAt: context.at,
    createdBy: actor.sub,
  };
  await deps.stores.participants.create(record, context);
  return record;
}

export async function getParticipant(deps: ServiceDeps, id: string): Promise<ParticipantRecord> {
  const participant = await deps.stores.participants.get(id);
  if (!participant) throw new NotFoundError('Ce participant n’existe pas.');
  return participant;
}

export async function exitParticipant(
  deps: ServiceDeps,
  actor: Identity,
  participant: ParticipantRecord,
  exit: { exitedOn: string; outcome: Outcome },
): Promise<ParticipantRecord> {
  if (exit.exitedOn < participant.enteredOn) {
    throw new BusinessRuleError('La sortie ne peut précéder l’entrée dans le PLIE.', [
      { path: 'exitedOn', message: `Date antérieure à l’entrée (${participant.enteredOn})` },
    ]);
  }
  await deps.stores.participants.exit(participant, exit, writeContext(deps, actor));
  return { ...participant, ...exit };
}

export async function eraseParticipant(
  deps: ServiceDeps,
  actor: Identity,
  participant: ParticipantRecord,
): Promise<void> {
  if (participant.erasedAt) throw new ConflictError('Ce participant a déjà été effacé.');
  await deps.stores.participants.erase(participant, writeContext(deps, actor));
}
