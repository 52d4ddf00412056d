import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type ReceivedMark, receivedMarks, type StatementSeen } from '#shared/domain/awardees';
import {
  countsAsReceived,
  STATEMENT_TRANSITIONS,
  type StatementState,
} from '#shared/domain/statement-lifecycle';
import type { Keys } from './keys';
import { cancellationReasons } from './sdk-errors';
import type { PendingChange } from './statement-item';
import { type TransactItem, transactWrite } from './transact';

// The "statement received" items a statement's transitions write: one per statement and
// contract-month while the statement counts for the missing-statement check
// (countsAsReceived), put or deleted in the transaction of the transition that makes it count
// or stop counting (statements.ts). They are as exact as the statement's own state: a
// transition is conditional, so the loser of a race, or a retry of one that committed, writes
// nothing; and each statement has its own item, not a share of a count, so two statements of
// one contract-month never undo each other, and a Put or Delete written twice is written once.
//
// A file naming many contracts and months has more items than a transaction holds (100
// actions): the first RECEIVED_INLINE go with the transition, the rest in transactions of their
// own, each conditioned on the statement's state under way (importing, withdrawing,
// replacing…) — after a transition that begins a change, before one that ends it. That state
// is where an interrupted change is taken up again (the import posted again, the withdrawal
// finished, the replacement undone), and the taking up writes them again: a large statement's
// items are exact once it is settled, and may lag while its change is under way.

/** A statement, as far as its "received" items go: what it names, and its origin. */
export type ReceivedSource = Omit<StatementSeen, 'status'> & { id: string };
/** The same, in the state it was read in. */
export type MovedStatement = ReceivedSource & { status: StatementState };

/** Received writes a transition carries itself. */
export const RECEIVED_INLINE = 90;

/** A transition's received writes: those it carries, and the rest, written while `condition` holds. */
export interface ReceivedPlan {
  inline: TransactItem[];
  rest: TransactItem[];
  condition: TransactItem;
}

const keyOf = (item: TransactItem) => {
  const key = (item.Put?.Item ?? item.Delete?.Key) as { pk: string; sk: string };
  return `${key.pk}|${key.sk}`;
};

/** A transaction may not write one item twice: the last write of each item wins. */
function lastPerItem(items: readonly TransactItem[]): TransactItem[] {
  return [...new Map(items.map((item) => [keyOf(item), item])).values()];
}

function plan(items: readonly TransactItem[], condition: TransactItem, more: TransactItem[] = []) {
  const all = lastPerItem(items);
  const rest = all.slice(RECEIVED_INLINE);
  const restKeys = new Set(rest.map(keyOf));
  return {
    inline: all.slice(0, RECEIVED_INLINE),
    rest: lastPerItem([...more.filter((item) => !restKeys.has(keyOf(item))), ...rest]),
    condition,
  };
}

export class ReceivedItems {
  constructor(
    private readonly keys: Keys,
    private readonly tableName: string,
  ) {}

  private key(statementId: string, mark: ReceivedMark) {
    return this.keys.received(mark.month, mark.reference, statementId);
  }

  /** The items that say the statement counts. */
  puts(statement: ReceivedSource): TransactItem[] {
    return receivedMarks(statement).map((mark) => ({
      Put: {
        TableName: this.tableName,
        Item: {
          ...this.key(statement.id, mark),
          _type: 'statement-received',
          statementId: statement.id,
          ...mark,
        },
      },
    }));
  }

  deletes(statement: ReceivedSource): TransactItem[] {
    return receivedMarks(statement).map((mark) => ({
      Delete: { TableName: this.tableName, Key: this.key(statement.id, mark) },
    }));
  }

  /** What moving a statement from `from` to `to` (null: gone) writes: puts, deletes, or nothing. */
  ofMove(statement: ReceivedSource, from: StatementState, to: StatementState | null) {
    const before = countsAsReceived(statement.origin, from);
    const after = to !== null && countsAsReceived(statement.origin, to);
    if (before === after) return [];
    return after ? this.puts(statement) : this.deletes(statement);
  }

  /** A ConditionCheck that the statement is in `state` (and in the change begun at `at`). */
  inState(statementId: string, state: StatementState, at?: string): TransactItem {
    return {
      ConditionCheck: {
        TableName: this.tableName,
        Key: this.keys.statement(statementId),
        ConditionExpression: at ? '#status = :state AND pending.#at = :at' : '#status = :state',
        ExpressionAttributeNames: { '#status': 'status', ...(at ? { '#at': 'at' } : {}) },
        ExpressionAttributeValues: { ':state': state, ...(at ? { ':at': at } : {}) },
      },
    };
  }

  /** A file recorded, importing: it counts; the rest while it is importing. */
  claim(statement: ReceivedSource): ReceivedPlan {
    const importing = STATEMENT_TRANSITIONS.import.via;
    return plan(this.puts(statement), this.inState(statement.id, importing));
  }

  /** A one-step transition (an import's end, a refusal): the rest before, in its first state. */
  settle(statement: ReceivedSource, from: StatementState, to: StatementState): ReceivedPlan {
    return plan(this.ofMove(statement, from, to), this.inState(statement.id, from));
  }

  /** What a change's beginning writes: the statement's move, a replacement's puts. */
  private begun(statement: ReceivedSource, pending: PendingChange, replacement?: ReceivedSource) {
    const via = viaOf(pending);
    return [
      ...this.ofMove(statement, pending.from, via),
      ...(replacement ? this.puts(replacement) : []),
    ];
  }

  /** A change begun: the rest after, while it is under way. */
  begin(
    statement: MovedStatement,
    pending: PendingChange,
    replacement?: ReceivedSource,
  ): ReceivedPlan {
    const via = viaOf(pending);
    return plan(
      this.begun(statement, { ...pending, from: statement.status }, replacement),
      this.inState(statement.id, via, pending.at),
    );
  }

  /**
   * A change ended: its own writes, and, before them, the beginning's rest again (that
   * beginning may have been cut off before writing it).
   */
  finish(
    statement: ReceivedSource,
    pending: PendingChange,
    replacement?: ReceivedSource,
  ): ReceivedPlan {
    const via = viaOf(pending);
    const own = this.ofMove(statement, via, STATEMENT_TRANSITIONS[pending.transition].to);
    const begun = this.begun(statement, pending, replacement).slice(RECEIVED_INLINE);
    return plan(own, this.inState(statement.id, via, pending.at), begun);
  }

  /**
   * A change undone: the statement back to where it started, a replacement's items gone. A
   * statement with more items than a transaction holds is written whole in its first state
   * (a finish cut off may have written its rest).
   */
  undo(
    statement: ReceivedSource,
    pending: PendingChange,
    replacement?: ReceivedSource | null,
  ): ReceivedPlan {
    const via = viaOf(pending);
    const large = receivedMarks(statement).length > RECEIVED_INLINE;
    const whole = countsAsReceived(statement.origin, pending.from)
      ? this.puts(statement)
      : this.deletes(statement);
    return plan(
      [
        ...(large ? whole : this.ofMove(statement, via, pending.from)),
        ...(replacement ? this.deletes(replacement) : []),
      ],
      this.inState(statement.id, via, pending.at),
    );
  }
}

/**
 * Writes a plan's rest in transactions of up to 99, each with the plan's condition: false, with
 * nothing more written, once the statement has moved on (whoever moved it wrote its own).
 */
export async function writeRest(doc: DynamoDBDocumentClient, plan: ReceivedPlan): Promise<boolean> {
  for (let i = 0; i < plan.rest.length; i += 99) {
    try {
      await transactWrite(doc, [plan.condition, ...plan.rest.slice(i, i + 99)]);
    } catch (error) {
      if (cancellationReasons(error)?.[0]?.Code === 'ConditionalCheckFailed') return false;
      throw error;
    }
  }
  return true;
}

function viaOf(pending: PendingChange): StatementState {
  const via = STATEMENT_TRANSITIONS[pending.transition].via;
  if (!via) throw new Error(`${pending.transition} has no state of its own`);
  return via;
}
