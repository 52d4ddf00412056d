import type { ChangeAction } from '#shared/domain/change-log';
import { STATEMENT_TRANSITIONS, type StatementState } from '#shared/domain/statement-lifecycle';
import { type Concerns, changeItem, type WriteContext } from './changes';
import type { Keys } from './keys';
import { stateCondition } from './state-condition';
import type { DeclaredLine, PendingChange, StatementRecord } from './statement-item';
import type { ReceivedSource } from './statement-received-items';
import type { TransactItem } from './transact';

// The items a statement's transitions write (its record, the conditional move from one state to
// the next, the change record, the "to validate" marker), for StatementStore to put together in
// one transaction each.

/** What a settled state records besides itself. */
export interface Settled {
  reason?: string | null;
  replacedBy?: string | null;
  declaredLines?: DeclaredLine[];
  /**
   * The declared lines as read when `declaredLines` was made from them: the write holds only
   * if they are still so (an erasure may have scrubbed a reference meanwhile, which writing
   * back what was read would restore).
   */
  linesAsRead?: DeclaredLine[];
  reviewed?: { at: string; by: string };
  /** A submitted statement's upload time: its marker among those to validate goes. */
  submittedAt?: string;
}

export class StatementItems {
  constructor(
    private readonly keys: Keys,
    private readonly tableName: string,
  ) {}

  /** A new statement: listed with all the others, and with its company's for an awardee's. */
  put(statement: StatementRecord, siren?: string): TransactItem {
    const sort = `${statement.uploadedAt}#${statement.id}`;
    return {
      Put: {
        TableName: this.tableName,
        Item: {
          ...this.keys.statement(statement.id),
          gsi1pk: this.keys.statementsIndex,
          gsi1sk: sort,
          ...(siren ? { gsi2pk: this.keys.awardeeStatementsIndex(siren), gsi2sk: sort } : {}),
          _type: 'statement',
          ...statement,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  /**
   * The update that moves a statement from one of `from` to `to`, conditionally, with what the
   * new state records; `pending`: the change it begins (set), or the one it ends (its `at` is
   * then part of the condition, and it is removed).
   */
  move(
    statementId: string,
    from: readonly StatementState[],
    to: StatementState,
    settled: Settled,
    pending: { begin: PendingChange } | { end: PendingChange } | null,
  ): TransactItem {
    const inState = stateCondition(from);
    const values: Record<string, unknown> = { ':to': to, ...inState.values };
    const sets = ['#status = :to'];
    const set = (attribute: string, value: unknown) => {
      sets.push(`${attribute} = :${attribute}`);
      values[`:${attribute}`] = value;
    };
    if (settled.reason !== undefined) set('reason', settled.reason);
    if (settled.replacedBy !== undefined) set('replacedBy', settled.replacedBy);
    if (settled.declaredLines) set('declaredLines', settled.declaredLines);
    if (settled.reviewed) {
      set('reviewedAt', settled.reviewed.at);
      set('reviewedBy', settled.reviewed.by);
    }
    let condition = inState.expression;
    if (settled.linesAsRead) {
      condition += ' AND declaredLines = :linesAsRead';
      values[':linesAsRead'] = settled.linesAsRead;
    }
    let remove = '';
    if (pending && 'begin' in pending) set('pending', pending.begin);
    if (pending && 'end' in pending) {
      condition += ' AND pending.#at = :pendingAt';
      values[':pendingAt'] = pending.end.at;
      remove = ' REMOVE pending';
    }
    return {
      Update: {
        TableName: this.tableName,
        Key: this.keys.statement(statementId),
        UpdateExpression: `SET ${sets.join(', ')}${remove}`,
        ConditionExpression: condition,
        ExpressionAttributeNames: {
          '#status': 'status',
          ...(pending && 'end' in pending ? { '#at': 'at' } : {}),
        },
        ExpressionAttributeValues: values,
      },
    };
  }

  /** The change record of a transition, with the reason and what a refusal named. */
  change(
    statementId: string,
    action: ChangeAction,
    settled: Settled,
    context: WriteContext,
    about: {
      /** What the statement names (its contracts and months), for the journal's entry. */
      statement?: Partial<ReceivedSource> | undefined;
      /** A replacement's new statement, imported: the replacement's entry says it. */
      partOfAnAction?: boolean;
      /** What the caller knows it concerns besides (a file's PLIEs, from its lines). */
      concerns?: Concerns | undefined;
    } = {},
  ): TransactItem {
    const { statement, partOfAnAction, concerns } = about;
    const rejected = settled.declaredLines?.filter((line) => line.rejection !== null);
    return changeItem(this.keys, this.tableName, context, {
      entityType: 'statement',
      entityId: statementId,
      action,
      ...(partOfAnAction ? { partOfAnAction } : {}),
      ...(statement
        ? {
            concerns: {
              contractIds: [statement.contractId],
              contractReferences: statement.contractReferences ?? [],
              months: [statement.month, ...(statement.months ?? [])],
              plieIds: [
                ...(settled.declaredLines ?? []).map((line) => line.plieId),
                ...(concerns?.plieIds ?? []),
              ],
            },
          }
        : concerns
          ? { concerns }
          : {}),
      ...(settled.reason ? { reason: settled.reason } : {}),
      ...(settled.replacedBy ? { data: { replacedBy: settled.replacedBy } } : {}),
      ...(rejected?.length
        ? { data: { rejectedLines: rejected.map(({ line, rejection }) => ({ line, rejection })) } }
        : {}),
    });
  }

  /** An awardee's statement among those waiting for a facilitator. */
  toValidatePut(statement: StatementRecord): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: {
          ...this.keys.toValidate(statement.uploadedAt, statement.id),
          _type: 'statement-to-validate',
          statementId: statement.id,
        },
      },
    };
  }

  /** A refused statement points to the one correcting it: only once, and only if refused. */
  correcting(refusedId: string, correctionId: string): TransactItem {
    return {
      Update: {
        TableName: this.tableName,
        Key: this.keys.statement(refusedId),
        UpdateExpression: 'SET replacedBy = :id',
        ConditionExpression: '#status = :rejected AND replacedBy = :none',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':id': correctionId,
          ':rejected': STATEMENT_TRANSITIONS.reject.to,
          ':none': null,
        },
      },
    };
  }

  /** The marker that finds a change under way if it is interrupted. */
  changeMarker(at: string, statementId: string): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: {
          ...this.keys.statementChange(at, statementId),
          _type: 'statement-change',
          statementId,
        },
      },
    };
  }

  changeMarkerDelete(at: string, statementId: string): TransactItem {
    return {
      Delete: { TableName: this.tableName, Key: this.keys.statementChange(at, statementId) },
    };
  }

  /** A replacement undone: its new statement, never imported, goes. */
  replacementDelete(replacementId: string, oldId: string): TransactItem {
    return {
      Delete: {
        TableName: this.tableName,
        Key: this.keys.statement(replacementId),
        ConditionExpression: '#status = :importing AND replaces = :old',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':importing': STATEMENT_TRANSITIONS.import.via,
          ':old': oldId,
        },
      },
    };
  }

  toValidateDelete(submittedAt: string | undefined, statementId: string): TransactItem[] {
    return submittedAt
      ? [
          {
            Delete: {
              TableName: this.tableName,
              Key: this.keys.toValidate(submittedAt, statementId),
            },
          },
        ]
      : [];
  }
}
