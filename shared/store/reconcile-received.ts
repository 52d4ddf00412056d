import { receivedMarks } from '#shared/domain/awardees';
import {
  countsAsReceived,
  IN_PROGRESS_STATES,
  STATEMENT_STATES,
  type StatementState,
} from '#shared/domain/statement-lifecycle';
import { type Keys, tenantKeys, tenantOfPartition } from './keys';
import { RECEIVED_INLINE } from './statement-received-items';

// Reconcile's part for the "statement received" items: each statement that counts for the
// missing-statement check has one per contract-month it names, and no other item exists.
// A change under way may leave a large statement's items behind (they are written in several
// transactions, statement-received-items.ts): those are not compared until it has settled.

/** A received item missing, or one no statement accounts for. */
export interface ReceivedDifference {
  key: string;
  statementId: string;
  problem: 'missing' | 'unexpected';
}

type Item = Record<string, unknown>;

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);
const stringOrNull = (value: unknown) => (typeof value === 'string' ? value : null);

export class ReceivedCheck {
  private readonly expected = new Map<string, string>();
  private readonly found = new Map<string, string>();
  /** Statements whose items are not compared (a large one's change under way), by tenant. */
  private readonly skipped = new Set<string>();
  private readonly keysByTenant = new Map<string, Keys>();

  private keysOf(tenant: string): Keys {
    let keys = this.keysByTenant.get(tenant);
    if (!keys) {
      keys = tenantKeys(tenant);
      this.keysByTenant.set(tenant, keys);
    }
    return keys;
  }

  /** A statement item, as the scan reads it. */
  statement(item: Item): void {
    const tenant = tenantOfPartition(String(item.pk));
    const id = String(item.id);
    const status = item.status as StatementState;
    if (!STATEMENT_STATES.includes(status)) return;
    const marks = receivedMarks({
      origin: item.origin === 'awardee' ? 'awardee' : 'upload',
      contractId: stringOrNull(item.contractId),
      month: stringOrNull(item.month),
      contractReferences: strings(item.contractReferences),
      months: strings(item.months),
    });
    if (IN_PROGRESS_STATES.has(status) && marks.length > RECEIVED_INLINE) {
      this.skipped.add(`${tenant}|${id}`);
      return;
    }
    if (!countsAsReceived(item.origin === 'awardee' ? 'awardee' : 'upload', status)) return;
    const keys = this.keysOf(tenant);
    for (const mark of marks) {
      const key = keys.received(mark.month, mark.reference, id);
      this.expected.set(`${key.pk}|${key.sk}`, id);
    }
  }

  /** A "statement received" item. */
  received(item: Item): void {
    this.found.set(`${item.pk}|${item.sk}`, String(item.statementId));
  }

  get checked(): number {
    return new Set([...this.expected.keys(), ...this.found.keys()]).size;
  }

  differences(): ReceivedDifference[] {
    const differences: ReceivedDifference[] = [];
    for (const [key, statementId] of this.expected) {
      if (!this.found.has(key)) differences.push({ key, statementId, problem: 'missing' });
    }
    for (const [key, statementId] of this.found) {
      const tenant = tenantOfPartition(key.slice(0, key.indexOf('|')));
      if (this.expected.has(key) || this.skipped.has(`${tenant}|${statementId}`)) continue;
      differences.push({ key, statementId, problem: 'unexpected' });
    }
    return differences;
  }
}
