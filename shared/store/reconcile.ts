import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { yearOf } from '#shared/domain/calendar';
import { addHours, HOUR_MODES } from '#shared/domain/hours';
import { expectedActiveLines, type StatementState } from '#shared/domain/statement-lifecycle';
import { type Keys, modeAttribute, monthAttribute, tenantKeys, tenantOfPartition } from './keys';
import { ReceivedCheck, type ReceivedDifference } from './reconcile-received';

// Recomputes every total from the hour lines and compares it with what is stored, and checks
// that each statement's active lines are what its state says (all of them once imported or
// validated, none once withdrawn, replaced, waiting or refused), and that the "statement
// received" items are those of the statements that count (reconcile-received.ts). The
// transactions make a difference impossible; this is the proof an auditor can run.

export interface Difference {
  total: string;
  key: string;
  attribute: string;
  stored: number;
  expected: number;
}

/** A statement whose active lines are not what its state says (all, or none). */
export interface StatementDifference {
  statementId: string;
  status: StatementState;
  activeLines: number;
  expected: number;
}

export interface ReconcileReport {
  lines: number;
  activeLines: number;
  totalsChecked: number;
  differences: Difference[];
  statementsChecked: number;
  statementDifferences: StatementDifference[];
  /** Statements with a change under way (replacing…): their lines are being written. */
  statementsInProgress: string[];
  /** "Statement received" items compared, expected or found. */
  receivedChecked: number;
  receivedDifferences: ReceivedDifference[];
}

type Counters = Map<string, number>;

function bump(totals: Map<string, Counters>, key: string, attribute: string, amount: number) {
  let counters = totals.get(key);
  if (!counters) {
    counters = new Map();
    totals.set(key, counters);
  }
  // Hours to the hundredth, summed exactly: counts of lines are whole and stay so.
  counters.set(attribute, addHours(counters.get(attribute) ?? 0, amount));
}

const MONTH_ATTRIBUTES = Array.from({ length: 12 }, (_, i) => `m${String(i + 1).padStart(2, '0')}`);

const TOTAL_ATTRIBUTES: Record<string, string[]> = {
  contract: ['hoursLogged', 'lineCount'],
  'total:contract-plie': ['hours', 'lines'],
  'total:contract-participant': ['hours', 'lines'],
  'total:plie-month': ['hours', 'lines', ...HOUR_MODES.map(modeAttribute)],
  'total:contract-plie-year': ['hours', 'lines', ...MONTH_ATTRIBUTES],
  'total:participant-month': ['hours', 'lines'],
  'total:participant-year': ['hours', 'lines'],
};

async function* scanAll(doc: DynamoDBDocumentClient, tableName: string) {
  let startKey: Record<string, unknown> | undefined;
  do {
    const result = await doc.send(
      new ScanCommand({
        TableName: tableName,
        ExclusiveStartKey: startKey,
        FilterExpression: '#type IN (:line, :c, :cp, :cpa, :pm, :cpm, :ppm, :ppy, :st, :rc)',
        ExpressionAttributeNames: { '#type': '_type' },
        ExpressionAttributeValues: {
          ':line': 'hours-line',
          ':c': 'contract',
          ':cp': 'total:contract-plie',
          ':cpa': 'total:contract-participant',
          ':pm': 'total:plie-month',
          ':cpm': 'total:contract-plie-year',
          ':ppm': 'total:participant-month',
          ':ppy': 'total:participant-year',
          ':st': 'statement',
          ':rc': 'statement-received',
        },
      }),
    );
    yield* result.Items ?? [];
    startKey = result.LastEvaluatedKey;
  } while (startKey);
}

export async function reconcile(
  doc: DynamoDBDocumentClient,
  tableName: string,
): Promise<ReconcileReport> {
  const expected = new Map<string, Counters>();
  const stored = new Map<string, { type: string; counters: Counters }>();
  let lines = 0;
  let activeLines = 0;
  const id = (key: { pk: string; sk: string }) => `${key.pk}|${key.sk}`;
  const statements: { id: string; status: StatementState; lineCount: number }[] = [];
  const activeByStatement = new Map<string, number>();
  const received = new ReceivedCheck();
  const keysByTenant = new Map<string, Keys>();
  const keysOf = (tenant: string) => {
    const known = keysByTenant.get(tenant);
    if (known) return known;
    const made = tenantKeys(tenant);
    keysByTenant.set(tenant, made);
    return made;
  };

  for await (const item of scanAll(doc, tableName)) {
    const type = item._type as string;
    if (type === 'statement-received') {
      received.received(item);
      continue;
    }
    if (type === 'statement') {
      received.statement(item);
      statements.push({
        id: String(item.id),
        status: item.status as StatementState,
        lineCount: Number(item.lineCount),
      });
      continue;
    }
    if (type !== 'hours-line') {
      const counters: Counters = new Map();
      for (const attribute of TOTAL_ATTRIBUTES[type] ?? []) {
        counters.set(attribute, (item[attribute] as number | undefined) ?? 0);
      }
      stored.set(id(item as { pk: string; sk: string }), { type, counters });
      continue;
    }
    lines += 1;
    if (item.status !== 'active') continue;
    activeLines += 1;
    if (typeof item.statementId === 'string') {
      activeByStatement.set(item.statementId, (activeByStatement.get(item.statementId) ?? 0) + 1);
    }
    const { contractId, plieId, participantId, month, hours, mode } = item as {
      contractId: string;
      plieId: string;
      participantId: string | null;
      month: string;
      hours: number;
      mode: string;
    };
    const modeTotal = modeAttribute(mode);
    // Each line feeds the totals of its own structure, named by its key.
    const keys = keysOf(tenantOfPartition(String(item.pk)));
    const contract = id(keys.contract(contractId));
    bump(expected, contract, 'hoursLogged', hours);
    bump(expected, contract, 'lineCount', 1);
    for (const key of [
      keys.contractPlieTotal(contractId, plieId),
      ...(participantId
        ? [
            keys.contractParticipantTotal(contractId, participantId),
            keys.participantMonthTotal(participantId, month),
            keys.participantYearTotal(participantId, yearOf(month)),
          ]
        : []),
    ]) {
      bump(expected, id(key), 'hours', hours);
      bump(expected, id(key), 'lines', 1);
    }
    const plieMonth = id(keys.plieMonthTotal(plieId, month));
    bump(expected, plieMonth, 'hours', hours);
    bump(expected, plieMonth, 'lines', 1);
    bump(expected, plieMonth, modeTotal, hours);
    const contractYear = id(keys.contractPlieYearTotal(contractId, plieId, yearOf(month)));
    bump(expected, contractYear, 'hours', hours);
    bump(expected, contractYear, 'lines', 1);
    bump(expected, contractYear, monthAttribute(month), hours);
  }

  const differences: Difference[] = [];
  const keysToCheck = new Set([...stored.keys(), ...expected.keys()]);
  for (const key of keysToCheck) {
    const found = stored.get(key);
    const want = expected.get(key) ?? new Map<string, number>();
    const attributes = new Set([...(found?.counters.keys() ?? []), ...want.keys()]);
    for (const attribute of attributes) {
      const storedValue = found?.counters.get(attribute) ?? 0;
      const expectedValue = want.get(attribute) ?? 0;
      if (storedValue !== expectedValue) {
        differences.push({
          total: found?.type ?? 'missing',
          key,
          attribute,
          stored: storedValue,
          expected: expectedValue,
        });
      }
    }
  }
  const statementDifferences: StatementDifference[] = [];
  const statementsInProgress: string[] = [];
  for (const statement of statements) {
    const expected = expectedActiveLines(statement.status, statement.lineCount);
    const active = activeByStatement.get(statement.id) ?? 0;
    if (expected === 'in-progress') statementsInProgress.push(statement.id);
    else if (active !== expected) {
      statementDifferences.push({
        statementId: statement.id,
        status: statement.status,
        activeLines: active,
        expected,
      });
    }
  }
  return {
    lines,
    activeLines,
    totalsChecked: keysToCheck.size,
    differences,
    statementsChecked: statements.length,
    statementDifferences,
    statementsInProgress,
    receivedChecked: received.checked,
    receivedDifferences: received.differences(),
  };
}
