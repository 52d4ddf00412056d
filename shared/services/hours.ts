import { createHash } from 'node:crypto';
import { type Identity, plieScope } from '#shared/domain/access';
import { parisMonth } from '#shared/domain/calendar';
import {
  ALREADY_VOIDED,
  type HourLine,
  type LineField,
  newLine,
  voidedLine,
  voidProblem,
} from '#shared/domain/hours';
import {
  BusinessRuleError,
  ConflictError,
  type FieldError,
  InvalidInputError,
  NotFoundError,
} from '#shared/errors';
import { newId } from '#shared/ids';
import type { HoursLine, HoursLineCreate, HoursLineLogged } from '#shared/schemas/hours';
import {
  DuplicateKeySeenError,
  IdempotencyRaceError,
  LineAlreadyVoidedError,
  LineRejectedError,
} from '#shared/store/hours';
import { type ServiceDeps, writeContext } from './deps';
import {
  type DuplicateOf,
  learnMarkers,
  markersKnownComplete,
  typedLineDuplicates,
} from './duplicates';
import { checkLines } from './line-checks';

export function lineView(record: HourLine): HoursLine {
  const { source, ...line } = record;
  return line;
}

/** The request as the idempotency key remembers it: same fields, same order, same hash. */
function requestHash(input: HoursLineCreate): string {
  const canonical = JSON.stringify([
    input.contractId,
    input.plieId,
    input.participantId ?? null,
    input.month,
    input.hours,
    input.mode,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** The API's field for each part of a line. */
const API_FIELD: Record<LineField, string> = {
  contract: 'contractId',
  plieId: 'plieId',
  participant: 'participantId',
  month: 'month',
  hours: 'hours',
  mode: 'mode',
};

/** Checks what the schema cannot: that the line points at things that exist and fit. */
async function businessProblems(deps: ServiceDeps, input: HoursLineCreate): Promise<FieldError[]> {
  const [checked] = await checkLines(deps, [
    {
      contract: { id: input.contractId },
      plieId: input.plieId,
      participant: input.participantId ? { id: input.participantId } : null,
      month: input.month,
      hours: input.hours,
    },
  ]);
  if (!checked || checked.ok) return [];
  return checked.problems.map((p) => ({ path: API_FIELD[p.field], message: p.message }));
}

/** Throws the 422 that says why the line cannot be logged (409 if nothing is wrong any more). */
async function refuseWithReasons(deps: ServiceDeps, input: HoursLineCreate): Promise<never> {
  const problems = await businessProblems(deps, input);
  if (problems.length) {
    throw new BusinessRuleError(problems.map((p) => p.message).join(' ; '), problems);
  }
  // Nothing wrong any more (a contract or participant changed meanwhile): let the client retry.
  throw new ConflictError('Les données ont changé pendant l’enregistrement : réessayez.');
}

export interface LogResult {
  status: number;
  body: HoursLineLogged;
  replayed: boolean;
}

/**
 * Logs one line. With an idempotency key, a replay of the same request answers the first
 * response again and writes nothing; the same key with another request is a conflict. The
 * usual request is a single transaction that also checks the contract, the PLIE, the
 * participant and the month; the reads that explain a refusal happen only on a refusal.
 */
export async function logHours(
  deps: ServiceDeps,
  actor: Identity,
  input: HoursLineCreate,
  idempotencyKey?: string,
  /** `false`: no look for possible duplicates (the demo's loader, whose lines are its own). */
  options: { sayDuplicates?: boolean } = {},
): Promise<LogResult> {
  const hash = requestHash(input);
  const replay = async (): Promise<LogResult | null> => {
    if (!idempotencyKey) return null;
    const record = await deps.stores.idempotency.record(actor.sub, idempotencyKey, deps.now());
    if (!record) return null;
    if (record.requestHash !== hash) {
      throw new ConflictError(
        'Cette clé Idempotency-Key a déjà servi pour une autre ligne : utilisez une nouvelle clé.',
      );
    }
    // What it may repeat is read again (it is not kept with the answer: see below).
    const line = record.body as HoursLine;
    const flags = options.sayDuplicates === false ? [] : await typedLineDuplicates(deps, line);
    return { status: record.status, body: { ...line, possibleDuplicates: flags }, replayed: true };
  };

  // The clock is not in the table: a month still to come is refused before the transaction.
  if (input.month > parisMonth(deps.now())) await refuseWithReasons(deps, input);
  const context = writeContext(deps, actor);
  const line = newLine(
    newId(),
    { ...input, participantId: input.participantId ?? null },
    { at: context.at, by: actor.sub },
    'api',
  );
  // What it may repeat, said with the answer and counted all the same. Once every line has
  // left its marker (shared/store/duplicate-markers.ts), the line's own transaction says whether
  // a line of its key may exist, and the usual line — which repeats none — reads nothing; when
  // one may, it is written again without that condition while the read runs. Until then (a
  // table of an earlier version, or a process that does not know yet) it reads while the line
  // is written, not before, so that typing a line waits for one round trip, not two (the read
  // leaves the line itself out). The idempotency record keeps the line; a replay reads again.
  const body = lineView(line);
  const say = options.sayDuplicates !== false;
  const check = say && markersKnownComplete(deps);
  let flags: Promise<DuplicateOf[]> = Promise.resolve([]);
  const readWhile = (read: Promise<DuplicateOf[]>) => {
    flags = read;
    // Awaited once the write succeeded; a refused write answers its own error instead.
    flags.catch(() => undefined);
  };
  if (say && !check) {
    // Beside the read, whether the next line may leave it to the markers.
    const learning = learnMarkers(deps).catch(() => undefined);
    readWhile(Promise.all([typedLineDuplicates(deps, line), learning]).then(([found]) => found));
  }
  const claim = idempotencyKey
    ? { sub: actor.sub, key: idempotencyKey, requestHash: hash, response: { status: 201, body } }
    : undefined;
  try {
    try {
      await deps.stores.hours.log(line, context, claim, check ? 'check' : 'write');
    } catch (error) {
      if (!(error instanceof DuplicateKeySeenError)) throw error;
      // A line of its key may exist (or did: voided lines leave their marker): nothing was
      // written, so it is written now without that condition, and who it repeats read meanwhile.
      readWhile(typedLineDuplicates(deps, line));
      await deps.stores.hours.log(line, context, claim, 'write');
    }
  } catch (error) {
    // The key was used before (a retry, or a concurrent request that won): answer what it stored.
    if (error instanceof IdempotencyRaceError) {
      const earlier = await replay();
      if (earlier) return earlier;
    }
    if (error instanceof LineRejectedError) await refuseWithReasons(deps, input);

    throw error;
  }
  // The line is counted: a failed read must not answer an error that invites a retry without
  // a key (counted twice); its flags are then the ones not said, as the page checks itself too.
  const logged: HoursLineLogged = { ...body, possibleDuplicates: await flags.catch(() => []) };
  return { status: 201, body: logged, replayed: false };
}

export async function voidHours(
  deps: ServiceDeps,
  actor: Identity,
  lineId: string,
  reason: string,
): Promise<HoursLine> {
  const line = await getLine(deps, lineId);
  const problem = voidProblem(line);
  if (problem) throw new ConflictError(problem);
  const context = writeContext(deps, actor);
  const voided = voidedLine(line, reason, { at: context.at, by: actor.sub });
  try {
    await deps.stores.hours.void(voided, context);
  } catch (error) {
    if (error instanceof LineAlreadyVoidedError) throw new ConflictError(ALREADY_VOIDED);
    throw error;
  }
  return lineView(voided);
}

export async function getLine(deps: ServiceDeps, lineId: string): Promise<HourLine> {
  const line = await deps.stores.hours.get(lineId);
  if (!line) throw new NotFoundError('Cette ligne d’heures n’existe pas.');
  return line;
}

/**
 * Lines of a contract, of a PLIE, or of one participant (within their PLIE), a page at a time.
 * A coordinator sees only their PLIE's lines; anyone must name a contract, a PLIE or a person.
 */
export async function listLines(
  deps: ServiceDeps,
  actor: Identity,
  query: {
    contractId?: string | undefined;
    plieId?: string | undefined;
    month?: string | undefined;
    participantId?: string | undefined;
    cursor?: string | undefined;
    limit: number;
  },
): Promise<{ items: HoursLine[]; nextCursor: string | null }> {
  const { contractId, month, cursor, limit, participantId } = query;
  if (participantId) {
    const person = await deps.stores.participants.get(participantId);
    // Another PLIE's person is as unknown to a coordinator as a person who does not exist.
    if (!person || plieScope(actor, person.plieId) !== person.plieId) {
      throw new NotFoundError('Ce participant n’existe pas.');
    }
    const page = await deps.stores.hours.list(
      { plieId: person.plieId, participantId, month },
      { cursor, limit },
    );
    return { items: page.items.map(lineView), nextCursor: page.nextCursor };
  }
  const scope = plieScope(actor, query.plieId);
  const filter = contractId
    ? { contractId, plieId: scope, month }
    : scope
      ? { plieId: scope, month }
      : null;
  if (!filter) {
    throw new InvalidInputError('Précisez un marché (contractId) ou un PLIE (plieId).', [
      { path: 'contractId', message: 'contractId ou plieId requis' },
    ]);
  }
  const page = await deps.stores.hours.list(filter, { cursor, limit });
  return { items: page.items.map(lineView), nextCursor: page.nextCursor };
}
