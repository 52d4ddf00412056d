import { createHash } from 'node:crypto';
import type { Identity } from '../domain/access';
import { frenchMonth } from '../domain/calendar';
import { isMonthInPeriod } from '../domain/hours';
import { StatementError } from '../errors';
import { type LineError, readStatement, type StatementLine } from '../imports/statement';
import type { ContractRecord } from '../store/contracts';
import type { HoursLineRecord } from '../store/hours';
import { type ServiceDeps, writeContext } from './deps';
import { newLine } from './hours';

/**
 * A line's id is derived from what it says (and how many identical lines precede it in the
 * file): posting a statement again, whole or after a crash, finds its lines already stored.
 */
function lineId(line: HoursLineRecord, occurrence: number): string {
  const digest = createHash('sha256')
    .update(
      JSON.stringify([
        line.contractId,
        line.plieId,
        line.participantId,
        line.month,
        line.hours,
        line.mode,
        occurrence,
      ]),
    )
    .digest('hex');
  return `S${digest.slice(0, 31).toUpperCase()}`;
}

/** Looks each distinct thing up once, however many lines name it. */
function memo<T>(load: (key: string) => Promise<T>) {
  const cache = new Map<string, Promise<T>>();
  return (key: string) => {
    let value = cache.get(key);
    if (!value) {
      value = load(key);
      cache.set(key, value);
    }
    return value;
  };
}

/**
 * Imports a monthly statement: every line is checked first, and any error refuses the whole
 * file (422, every error with its line and column); otherwise every line is imported.
 */
export async function importStatement(
  deps: ServiceDeps,
  actor: Identity,
  csv: string,
): Promise<{ imported: number; alreadyImported: number; lines: number }> {
  const { lines, errors } = readStatement(csv);
  const { stores } = deps;
  const contractsByReference = memo((reference) => stores.contracts.findByReference(reference));
  const plieExists = memo(async (plieId) => (await stores.plies.get(plieId)) !== null);
  const participantId = memo(async (key) => {
    const [plieId, ref] = key.split('\u0000') as [string, string];
    return stores.participants.idByRef(plieId, ref);
  });

  const resolved: {
    line: StatementLine;
    contract: ContractRecord;
    participantId: string | null;
  }[] = [];
  const checks = lines.map(async (line) => {
    const found: LineError[] = [];
    const fail = (column: string, message: string) =>
      found.push({ line: line.line, column, message });
    const [contracts, plie, participant] = await Promise.all([
      contractsByReference(line.contractReference),
      plieExists(line.plieId),
      line.participantRef
        ? participantId(`${line.plieId}\u0000${line.participantRef}`)
        : Promise.resolve(null),
    ]);
    const contract = contracts.length === 1 ? (contracts[0] as ContractRecord) : null;
    if (contracts.length === 0)
      fail('contract_reference', `Marché inconnu : « ${line.contractReference} »`);
    if (contracts.length > 1) {
      fail(
        'contract_reference',
        `Référence « ${line.contractReference} » portée par plusieurs marchés (acheteurs différents) : saisissez ces heures une à une`,
      );
    }
    if (!plie) fail('plie_id', `PLIE inconnu : « ${line.plieId} »`);
    if (plie && line.participantRef && !participant) {
      fail('participant_ref', `Aucun participant « ${line.participantRef} » dans ce PLIE`);
    }
    if (contract && !isMonthInPeriod(line.month, contract.startsOn, contract.endsOn)) {
      fail(
        'month',
        `${frenchMonth(line.month)} est hors de la période du marché (du ${contract.startsOn} au ${contract.endsOn})`,
      );
    }
    if (found.length) errors.push(...found);
    else resolved.push({ line, contract: contract as ContractRecord, participantId: participant });
  });
  await Promise.all(checks);
  if (errors.length) {
    errors.sort((a, b) => a.line - b.line || a.column.localeCompare(b.column));
    throw new StatementError(
      `Le relevé n’a pas été importé : ${errors.length} erreur(s) à corriger, aucune ligne enregistrée.`,
      errors,
    );
  }

  resolved.sort((a, b) => a.line.line - b.line.line);
  const context = writeContext(deps, actor);
  const seen = new Map<string, number>();
  const records = resolved.map(({ line, contract, participantId: pid }) => {
    const record = newLine(
      '',
      { ...line, contractId: contract.id, participantId: pid },
      context,
      'statement',
    );
    const content = lineId(record, 0);
    const occurrence = seen.get(content) ?? 0;
    seen.set(content, occurrence + 1);
    record.id = occurrence === 0 ? content : lineId(record, occurrence);
    return record;
  });
  const result = await stores.hours.importLines(records, context);
  return { ...result, lines: records.length };
}
