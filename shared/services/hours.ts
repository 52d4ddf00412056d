import { createHash } from 'node:crypto';
import type { Identity } from '../domain/access';
import { frenchMonth } from '../domain/calendar';
import { isMonthInPeriod } from '../domain/hours';
import { BusinessRuleError, ConflictError, type FieldError, NotFoundError } from '../errors';
import { newId } from '../ids';
import type { HoursLine, HoursLineCreate } from '../schemas/hours';
import type { WriteContext } from '../store/changes';
import { type HoursLineRecord, IdempotencyRaceError, LineRejectedError } from '../store/hours';
import { type ServiceDeps, writeContext } from './deps';

export function lineView(record: HoursLineRecord): HoursLine {
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

/** Checks what the schema cannot: that the line points at things that exist and fit. */
async function businessProblems(deps: ServiceDeps, input: HoursLineCreate): Promise<FieldError[]> {
  const { stores } = deps;
  const [contract, plie, participant] = await Promise.all([
    stores.contracts.get(input.contractId),
    stores.plies.get(input.plieId),
    input.participantId ? stores.participants.get(input.participantId) : Promise.resolve(null),
  ]);
  const problems: FieldError[] = [];
  if (!contract) problems.push({ path: 'contractId', message: 'Marché inconnu' });
  if (!plie) problems.push({ path: 'plieId', message: 'PLIE inconnu' });
  if (input.participantId && !participant) {
    problems.push({ path: 'participantId', message: 'Participant inconnu' });
  }
  if (participant && participant.plieId !== input.plieId) {
    problems.push({
      path: 'participantId',
      message: 'Ce participant est suivi par un autre PLIE que celui de la ligne',
    });
  }
  if (contract && !isMonthInPeriod(input.month, contract.startsOn, contract.endsOn)) {
    problems.push({
      path: 'month',
      message: `${frenchMonth(input.month)} est hors de la période du marché (du ${contract.startsOn} au ${contract.endsOn})`,
    });
  }
  return problems;
}

/** A new, active line, as the form and the statement import both create them. */
export function newLine(
  id: string,
  what: Pick<
    HoursLineRecord,
    'contractId' | 'plieId' | 'participantId' | 'month' | 'hours' | 'mode'
  >,
  context: WriteContext,
  source: HoursLineRecord['source'],
): HoursLineRecord {
  return {
    id,
    contractId: what.contractId,
    plieId: what.plieId,
    participantId: what.participantId,
    month: what.month,
    hours: what.hours,
    mode: what.mode,
    status: 'active',
    createdAt: context.at,
    createdBy: context.actor.sub,
    voidedAt: null,
    voidedBy: null,
    voidReason: null,
    source,
  };
}

export interface LogResult {
  status: number;
  body: HoursLine;
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
): Promise<LogResult> {
  const hash = requestHash(input);
  const replay = async (): Promise<LogResult | null> => {
    if (!idempotencyKey) return null;
    const record = await deps.stores.hours.idempotencyRecord(actor.sub, idempotencyKey);
    if (!record) return null;
    if (record.requestHash !== hash) {
      throw new ConflictError(
        'Cette clé Idempotency-Key a déjà servi pour une autre ligne : utilisez une nouvelle clé.',
      );
    }
    return { status: record.status, body: record.body as HoursLine, replayed: true };
  };

  const context = writeContext(deps, actor);
  const line = newLine(
    newId(),
    { ...input, participantId: input.participantId ?? null },
    context,
    'api',
  );
  const body = lineView(line);
  try {
    await deps.stores.hours.log(
      line,
      context,
      idempotencyKey
        ? {
            sub: actor.sub,
            key: idempotencyKey,
            requestHash: hash,
            response: { status: 201, body },
          }
        : undefined,
    );
  } catch (error) {
    // The key was used before (a retry, or a concurrent request that won): answer what it stored.
    if (error instanceof IdempotencyRaceError) {
      const earlier = await replay();
      if (earlier) return earlier;
    }
    if (error instanceof LineRejectedError) {
      const problems = await businessProblems(deps, input);
      if (problems.length) {
        throw new BusinessRuleError(problems.map((p) => p.message).join(' ; '), problems);
      }
      // Nothing wrong any more (a contract or participant changed meanwhile): let the client retry.
      throw new ConflictError('Les données ont changé pendant l’enregistrement : réessayez.');
    }
    throw error;
  }
  return { status: 201, body, replayed: false };
}

export async function voidHours(
  deps: ServiceDeps,
  actor: Identity,
  lineId: string,
  reason: string,
): Promise<HoursLine> {
  const line = await deps.stores.hours.get(lineId);
  if (!line) throw new NotFoundError('Cette ligne d’heures n’existe pas.');
  if (line.status === 'voided') throw new ConflictError('Cette ligne d’heures est déjà annulée.');
  return lineView(await deps.stores.hours.void(line, reason, writeContext(deps, actor)));
}
