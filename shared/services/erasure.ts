import {
  ERASED_REF,
  type ErasedPerson,
  forgetParticipantData,
  scrubStatementRecord,
  scrubText,
} from '#shared/domain/erasure';
import type { WriteContext } from '#shared/store/changes';
import type { ParticipantRecord } from '#shared/store/participants';
import type { ServiceDeps } from './deps';
import { sha256, statementLineIds } from './statements';

// Erasing people (GDPR), on request or by the retention rule: everything that names them is
// scrubbed first — statements that declared them, change records, hour lines' reasons — and
// only then is each participant marked erased (shared/store/participants.ts). Each step is
// conditional and does nothing the second time, so an erasure cut off half-way leaves the
// participant not yet erased, and asking again finishes it.

/** What replaces the fingerprint of an awardee's statement that named an erased person. */
export const erasedFingerprint = (statementId: string) => sha256(`${ERASED_REF}#${statementId}`);

/**
 * Forgets these participants (none already erased): one look at all statements for all of
 * them, then each one's lines and history, then each is marked erased, with `reason` (scrubbed
 * of their references) in its history.
 */
export async function forgetParticipants(
  deps: ServiceDeps,
  participants: readonly ParticipantRecord[],
  context: WriteContext,
  reason: string,
): Promise<void> {
  if (participants.length === 0) return;
  const { stores } = deps;
  const persons: ErasedPerson[] = participants.map(({ plieId, ref }) => ({ plieId, ref }));
  const found = await stores.statementScrub.naming(persons);
  for (const id of found.ids) await scrubStatement(deps, id, persons);
  for (const participant of participants) {
    const lineIds = await stores.erasure.lineIdsOf(participant.id, participant.plieId);
    await stores.erasure.scrubLines(lineIds, persons, { everyHistory: true });
    await stores.erasure.scrubHistory(
      'participant',
      participant.id,
      persons,
      forgetParticipantData,
    );
  }
  // Statements sent while the others were scrubbed sort after them: one more look, from where
  // the first one ended, leaves out only those of the last milliseconds before the erasure is
  // recorded. (A refusal that read a statement before it was scrubbed still writes back the
  // lines it read: the statements' store sets them with no condition on them.)
  const late = await stores.statementScrub.naming(persons, found.last);
  for (const id of late.ids) await scrubStatement(deps, id, persons);
  for (const participant of participants) {
    await stores.participants.erase(participant, context, scrubText(reason, persons));
  }
}

/**
 * One statement: its history and its lines' reasons first, the statement itself last, so
 * that, cut off before the end, it still names the person and the next look finds it again.
 */
async function scrubStatement(deps: ServiceDeps, statementId: string, persons: ErasedPerson[]) {
  const { stores } = deps;
  const statement = await stores.statements.get(statementId);
  if (!statement) return;
  const erasedHash = erasedFingerprint(statementId);
  await stores.erasure.scrubHistory('statement', statementId, persons, (data) =>
    scrubStatementRecord(data, persons, erasedHash),
  );
  await stores.erasure.scrubLines(statementLineIds(statement), persons, { everyHistory: false });
  await stores.statementScrub.scrub(statementId, persons, erasedHash);
}
