import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { HourLine } from '#shared/domain/hours';
import { batchGetAll } from './batch-get';
import { changeItem, type WriteContext } from './changes';
import { markImportedLines } from './duplicate-markers';
import { lineFromItem, linePut, voidItems } from './hour-line-item';
import { LineRejectedError } from './hours';
import type { Keys } from './keys';
import { cancellationReasons } from './sdk-errors';
import { packBatches, totalUpdates } from './totals';
import { type TransactItem, transactWrite } from './transact';

// Many hour lines at once — a statement's — in transactions of up to 100 items that hold the
// lines, their change records and the totals they feed, summed: importing and voiding.

export class LineBatchStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly keys: Keys,
  ) {}

  /**
   * Writes many lines (a monthly statement) in transactions of up to 100 items: each holds some
   * lines, their change records and the totals they feed, summed. A line whose id is already
   * stored is skipped, so posting the same lines again, or again after a crash, counts nothing
   * twice.
   */
  async importLines(
    lines: readonly HourLine[],
    context: WriteContext,
    /** Told the number of lines stored or found after each batch: a job's progress. */
    onBatch?: (done: number) => Promise<void> | void,
    /**
     * Items written in the same transaction as the last lines (a statement's validation): they
     * stand or fall with them. A refusal of one of them is `FinalItemRefusedError`.
     */
    final: readonly TransactItem[] = [],
  ): Promise<{ imported: number; alreadyImported: number }> {
    let imported = 0;
    let alreadyImported = 0;
    // The lines' contract × PLIE × month markers first, once for the whole import (a statement
    // names a few): a line typed once any of these lines is written sees them and reads what
    // it may repeat. In each transaction instead, they made a 12-triple statement's 10,000
    // lines take 22 % more transactions (bench/import.ts). An import that fails leaves them:
    // harmless (duplicate-markers.ts).
    await markImportedLines(this.doc, this.tableName, this.keys, lines);
    const batches = packBatches(this.keys, lines, final.length);
    for (const [index, batch] of batches.entries()) {
      const last = index === batches.length - 1 ? final : [];
      for (let attempt = 1; ; attempt++) {
        const stored = await this.existingIds(batch.map((line) => line.id));
        const fresh = batch.filter((line) => !stored.has(line.id));
        if (fresh.length === 0) {
          alreadyImported += batch.length;
          if (last.length) await this.writeFinal(last);
          break;
        }
        const items: TransactItem[] = [
          ...fresh.map((line) => linePut(this.keys, this.tableName, line)),
          ...totalUpdates(this.keys, this.tableName, fresh, +1),
          ...fresh.map((line) =>
            changeItem(this.keys, this.tableName, context, {
              entityType: 'hours-line',
              entityId: line.id,
              action: 'import',
              data: { ...line },
            }),
          ),
          ...last,
        ];
        try {
          await transactWrite(this.doc, items);
          imported += fresh.length;
          alreadyImported += batch.length - fresh.length;
          break;
        } catch (error) {
          // Another upload of the same lines got there first: look again at what is stored.
          const reasons = cancellationReasons(error);
          if (
            last.length &&
            reasons
              ?.slice(items.length - last.length)
              .some((r) => r.Code === 'ConditionalCheckFailed')
          ) {
            throw new FinalItemRefusedError();
          }
          const lost = reasons
            ?.slice(0, fresh.length)
            .some((r) => r.Code === 'ConditionalCheckFailed');
          // A total refused the batch (a person's month filled up meanwhile): say so.
          if (!lost && reasons?.some((r) => r.Code === 'ConditionalCheckFailed')) {
            throw new LineRejectedError();
          }
          if (!lost || attempt >= 3) throw error;
        }
      }
      await onBatch?.(imported + alreadyImported);
    }
    return { imported, alreadyImported };
  }

  /** The final items alone, when every line of the last batch was stored before. */
  private async writeFinal(items: readonly TransactItem[]): Promise<void> {
    try {
      await transactWrite(this.doc, [...items]);
    } catch (error) {
      if (cancellationReasons(error)?.some((r) => r.Code === 'ConditionalCheckFailed')) {
        throw new FinalItemRefusedError();
      }
      throw error;
    }
  }

  private async existingIds(ids: readonly string[]): Promise<Set<string>> {
    const items = await batchGetAll(this.doc, this.tableName, ids.map(this.keys.line), {
      consistentRead: true,
      projection: 'id',
    });
    return new Set(items.map((item) => String(item.id)));
  }

  /**
   * Voids many lines (`voided`, as voidedLine made them) and takes their hours out of every
   * total, in batches; a line already voided is skipped, so a withdrawal cut off half-way
   * completes when asked again.
   */
  async voidLines(
    voided: readonly HourLine[],
    context: WriteContext,
    /** Told the number of lines voided or found voided after each batch: a job's progress. */
    onBatch?: (done: number) => Promise<void> | void,
  ): Promise<number> {
    let done = 0;
    let seen = 0;
    for (const batch of packBatches(this.keys, voided)) {
      const stored = await this.getMany(batch.map((line) => line.id));
      const active = batch.filter((line) => stored.get(line.id)?.status === 'active');
      seen += batch.length;
      if (active.length === 0) {
        await onBatch?.(seen);
        continue;
      }
      const items = active.map((line) => voidItems(this.keys, this.tableName, line, context, true));
      await transactWrite(this.doc, [
        ...items.map(([update]) => update as TransactItem),
        ...totalUpdates(this.keys, this.tableName, active, -1),
        ...items.map(([, change]) => change as TransactItem),
      ]);
      done += active.length;
      await onBatch?.(seen);
    }
    return done;
  }

  /**
   * Takes back lines a change wrote and did not finish (a replacement or validation undone):
   * each line still active goes, with its hours out of every total, as if never written — so
   * that the same statement can be imported or validated again later.
   */
  async removeLines(lines: readonly HourLine[], context: WriteContext): Promise<number> {
    let done = 0;
    for (const batch of packBatches(this.keys, lines)) {
      const stored = await this.getMany(batch.map((line) => line.id));
      const active = batch.filter((line) => stored.get(line.id)?.status === 'active');
      if (active.length === 0) continue;
      await transactWrite(this.doc, [
        ...active.map(
          (line): TransactItem => ({
            Delete: {
              TableName: this.tableName,
              Key: this.keys.line(line.id),
              ConditionExpression: '#status = :active',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':active': 'active' },
            },
          }),
        ),
        ...totalUpdates(this.keys, this.tableName, active, -1),
        ...active.map((line) =>
          changeItem(this.keys, this.tableName, context, {
            entityType: 'hours-line',
            entityId: line.id,
            action: 'undo-import',
          }),
        ),
      ]);
      done += active.length;
    }
    return done;
  }

  /**
   * Makes active again the lines a change voided and did not finish (a replacement undone):
   * only those voided at `voided.at` by `voided.by`, the change's own stamp; their hours go
   * back into every total.
   */
  async restoreLines(
    lines: readonly HourLine[],
    voided: { at: string; by: string },
    context: WriteContext,
  ): Promise<number> {
    const ours = lines.filter(
      (line) =>
        line.status === 'voided' && line.voidedAt === voided.at && line.voidedBy === voided.by,
    );
    let done = 0;
    for (const batch of packBatches(this.keys, ours)) {
      const restored = batch.map((line) => ({
        ...line,
        status: 'active' as const,
        voidedAt: null,
        voidedBy: null,
        voidReason: null,
      }));
      try {
        await transactWrite(this.doc, [
          ...batch.map(
            (line): TransactItem => ({
              Update: {
                TableName: this.tableName,
                Key: this.keys.line(line.id),
                UpdateExpression:
                  'SET #status = :active, voidedAt = :null, voidedBy = :null, voidReason = :null',
                ConditionExpression: '#status = :voided AND voidedAt = :at AND voidedBy = :by',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: {
                  ':active': 'active',
                  ':voided': 'voided',
                  ':null': null,
                  ':at': voided.at,
                  ':by': voided.by,
                },
              },
            }),
          ),
          ...totalUpdates(this.keys, this.tableName, restored, +1),
          ...batch.map((line) =>
            changeItem(this.keys, this.tableName, context, {
              entityType: 'hours-line',
              entityId: line.id,
              action: 'undo-void',
            }),
          ),
        ]);
      } catch (error) {
        // A person's month filled up meanwhile by other lines: the lines cannot come back.
        if (cancellationReasons(error)?.some((r) => r.Code === 'ConditionalCheckFailed')) {
          throw new LineRejectedError();
        }
        throw error;
      }
      done += batch.length;
    }
    return done;
  }

  /** Lines by id (BatchGet, 100 keys a call); absent ids are absent from the map. */
  async getMany(ids: readonly string[]): Promise<Map<string, HourLine>> {
    const items = await batchGetAll(this.doc, this.tableName, ids.map(this.keys.line), {
      consistentRead: true,
    });
    return new Map(items.map(lineFromItem).map((line) => [line.id, line]));
  }
}

/** A condition of the items written with the last lines failed: nothing of that batch is written. */
export class FinalItemRefusedError extends Error {
  constructor() {
    super('final items refused');
  }
}
