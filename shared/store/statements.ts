import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  STATEMENT_TRANSITIONS,
  type StatementState,
  type StatementTransition,
} from '#shared/domain/statement-lifecycle';
import { ConflictError } from '#shared/errors';
import { type Concerns, changeItem, type WriteContext } from './changes';
import { readItem } from './item';
import type { Keys } from './keys';
import { queryAll } from './pagination';
import { cancellationReasons } from './sdk-errors';
import { type PendingChange, type StatementRecord, statementFromItem } from './statement-item';
import {
  type MovedStatement,
  ReceivedItems,
  type ReceivedSource,
  writeRest,
} from './statement-received-items';
import { type Settled, StatementItems } from './statement-transition-items';
import { type TransactItem, transactWrite } from './transact';

export type { DeclaredLine, PendingChange, StatementRecord } from './statement-item';

// Monthly statements and their lifecycle (shared/domain/statement-lifecycle.ts): each
// transition is one transaction whose condition is the state it starts from, so that of two
// racing requests one wins and the other is refused before it writes anything. A change that
// writes lines begins (its own state, and a marker that finds it if it is interrupted), then
// finishes or is undone. Each transition that makes a statement count for the missing-statement
// check, or stop counting, writes its "received" items in its own transaction
// (statement-received-items.ts).

export class StatementStore {
  private readonly items: StatementItems;
  private readonly received: ReceivedItems;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly keys: Keys,
  ) {
    this.items = new StatementItems(keys, tableName);
    this.received = new ReceivedItems(keys, tableName);
  }

  async get(statementId: string): Promise<StatementRecord | null> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: this.keys.statement(statementId),
        ConsistentRead: true,
      }),
    );
    return Item ? statementFromItem(Item) : null;
  }

  /** Records a statement about to be imported; a statement already recorded is left as it is. */
  async claim(statement: StatementRecord, context: WriteContext): Promise<void> {
    const received = this.received.claim(statement);
    try {
      await transactWrite(this.doc, [
        this.items.put(statement),
        changeItem(this.keys, this.tableName, context, {
          entityType: 'statement',
          entityId: statement.id,
          action: 'upload',
          data: { ...statement },
        }),
        ...received.inline,
      ]);
    } catch (error) {
      if (cancellationReasons(error)?.[0]?.Code !== 'ConditionalCheckFailed') throw error;
    }
    // More contract-months than a transaction holds: the rest while it is importing (the same
    // file posted again after a cut comes back here).
    await writeRest(this.doc, received);
  }

  /**
   * Records an awardee's statement, submitted; when it corrects a rejected one, that one points
   * to it, in the same transaction. Answers false when a statement of this id exists already
   * (the same declaration sent again).
   */
  async submit(statement: StatementRecord, context: WriteContext, siren: string): Promise<boolean> {
    const items: TransactItem[] = [
      this.items.put(statement, siren),
      changeItem(this.keys, this.tableName, context, {
        entityType: 'statement',
        entityId: statement.id,
        action: 'submit',
        data: { ...statement },
      }),
      this.items.toValidatePut(statement),
    ];
    if (statement.replaces) items.push(this.items.correcting(statement.replaces, statement.id));
    items.push(...this.received.puts(statement));
    try {
      await transactWrite(this.doc, items);
      return true;
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (reasons?.[0]?.Code === 'ConditionalCheckFailed') return false;
      if (reasons?.[3]?.Code === 'ConditionalCheckFailed') {
        throw new ConflictError(
          'Le relevé à corriger n’est pas refusé, ou il a déjà été corrigé : rechargez-le.',
        );
      }
      throw error;
    }
  }

  /** Writes a transition's items; the statement having moved meanwhile is a 409. */
  private async write(items: TransactItem[], refused: (index: number) => Error | null) {
    try {
      await transactWrite(this.doc, items);
    } catch (error) {
      const reasons = cancellationReasons(error);
      const index = reasons?.findIndex((r) => r.Code === 'ConditionalCheckFailed') ?? -1;
      if (index >= 0) throw refused(index) ?? new StatementMovedError();
      throw error;
    }
  }

  /**
   * A transition taken in one step, that writes no line: an import's end (importing →
   * imported), a refusal (submitted → rejected).
   */
  async settle(
    statement: ReceivedSource,
    name: 'import' | 'reject',
    settled: Settled,
    context: WriteContext,
    /** What the journal's entry concerns besides what the statement names (a file's PLIEs). */
    concerns?: Concerns,
  ): Promise<void> {
    const transition: StatementTransition = STATEMENT_TRANSITIONS[name];
    const from = transition.via ? [transition.via] : transition.from;
    const { id } = statement;
    const received = this.received.settle(statement, from[0] as StatementState, transition.to);
    if (!(await writeRest(this.doc, received))) throw new StatementMovedError();
    await this.write(
      [
        this.items.move(id, from, transition.to, settled, null),
        this.items.change(id, transition.to, settled, context, { statement, concerns }),
        ...this.items.toValidateDelete(settled.submittedAt, id),
        ...received.inline,
      ],
      () => null,
    );
  }

  /**
   * Begins a change that writes lines: the statement moves to the change's own state, only
   * from a state it may start from (one winner of any race), with the marker that finds it if
   * it is interrupted. A replacement's new statement is recorded in the same transaction.
   */
  async begin(
    statement: MovedStatement,
    pending: PendingChange,
    replacement?: StatementRecord,
  ): Promise<void> {
    const transition: StatementTransition = STATEMENT_TRANSITIONS[pending.transition];
    const statementId = statement.id;
    const received = this.received.begin(statement, pending, replacement);
    const items = [
      this.items.move(
        statementId,
        transition.from,
        transition.via as StatementState,
        pending.replacement ? { replacedBy: pending.replacement } : {},
        { begin: pending },
      ),
      this.items.changeMarker(pending.at, statementId),
      ...(replacement ? [this.items.put(replacement)] : []),
      ...received.inline,
    ];
    await this.write(items, (index) =>
      index === 2
        ? new ConflictError(
            'Ce fichier a déjà été importé comme un autre relevé : retirez l’ancien relevé plutôt que de le remplacer par celui-ci.',
          )
        : null,
    );
    await writeRest(this.doc, received);
  }

  /**
   * Ends a change begun: the statement reaches its final state (only if the change is still
   * the one under way), its marker goes; a replacement's new statement is imported with it.
   */
  async finish(
    statement: ReceivedSource,
    pending: PendingChange,
    settled: Settled,
    context: WriteContext,
    /** A replacement's new statement, whose items its beginning wrote. */
    replacement?: ReceivedSource,
  ): Promise<void> {
    const transition: StatementTransition = STATEMENT_TRANSITIONS[pending.transition];
    const statementId = statement.id;
    const received = this.received.finish(statement, pending, replacement);
    if (!(await writeRest(this.doc, received))) throw new StatementMovedError();
    const recorded: Settled = {
      ...settled,
      ...(pending.reason ? { reason: pending.reason } : {}),
      ...(pending.replacement ? { replacedBy: pending.replacement } : {}),
    };
    const items: TransactItem[] = [
      this.items.move(statementId, [transition.via as StatementState], transition.to, recorded, {
        end: pending,
      }),
      this.items.changeMarkerDelete(pending.at, statementId),
      this.items.change(statementId, transition.to, recorded, context, { statement }),
      ...this.items.toValidateDelete(settled.submittedAt, statementId),
      ...received.inline,
    ];
    if (pending.replacement) {
      items.push(
        this.items.move(
          pending.replacement,
          [STATEMENT_TRANSITIONS.import.via],
          'imported',
          {},
          null,
        ),
        this.items.change(pending.replacement, 'imported', {}, context, {
          statement: replacement,
          partOfAnAction: true,
        }),
      );
    }
    await this.write(items, () => null);
  }

  /**
   * Undoes a change whose lines have been taken back: the statement returns to the state it
   * started from; a replacement's new statement, never imported, goes.
   */
  async undo(
    statement: ReceivedSource,
    pending: PendingChange,
    context: WriteContext,
    /** A replacement's new statement, when it is still recorded. */
    replacement?: ReceivedSource | null,
  ): Promise<void> {
    const transition: StatementTransition = STATEMENT_TRANSITIONS[pending.transition];
    const statementId = statement.id;
    const received = this.received.undo(statement, pending, replacement);
    if (!(await writeRest(this.doc, received))) throw new StatementMovedError();
    const items: TransactItem[] = [
      this.items.move(
        statementId,
        [transition.via as StatementState],
        pending.from,
        pending.replacement ? { replacedBy: null } : {},
        { end: pending },
      ),
      this.items.changeMarkerDelete(pending.at, statementId),
      this.items.change(statementId, `${pending.transition}-undone`, {}, context, {
        statement,
      }),
      ...received.inline,
    ];
    if (pending.replacement)
      items.push(this.items.replacementDelete(pending.replacement, statementId));
    await this.write(items, () => null);
  }

  /** Changes begun before `before` (ISO time) and not ended: their statements' ids. */
  async changesBegunBefore(before: string): Promise<string[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND sk < :before',
      ExpressionAttributeValues: { ':pk': this.keys.statementChangesPartition, ':before': before },
    });
    return items.map((item) => readItem(item, 'statement change marker').string('statementId'));
  }
}

/** The statement changed status between its reading and this write. */
export class StatementMovedError extends ConflictError {
  constructor() {
    super('Ce relevé a changé entre-temps : rechargez-le.');
  }
}
