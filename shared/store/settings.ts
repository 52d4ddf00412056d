import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { DEFAULT_REMINDER_DAY } from '#shared/domain/awardees';
import { changeItem, type WriteContext } from './changes';
import type { Keys } from './keys';
import { transactWrite } from './transact';

// Settings an administrator changes in the pages (not the deployment's environment).

export class SettingsStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly keys: Keys,
  ) {}

  /**
   * Throws when the table cannot be read (unreachable, too slow, missing): `/health` answers
   * for the store, not just for the function. One read of a key never written, the cheapest
   * call that proves the table answers; GetItem is already granted, DescribeTable is not.
   */
  async ping(): Promise<void> {
    await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: this.keys.setting('health') }),
    );
  }

  async reminderDay(): Promise<number> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: this.keys.setting('reminders'),
        ConsistentRead: true,
      }),
    );
    return typeof Item?.day === 'number' ? Item.day : DEFAULT_REMINDER_DAY;
  }

  async setReminderDay(day: number, context: WriteContext): Promise<void> {
    // The value it replaces, as read just before, for the journal's before → after.
    const before = await this.reminderDay();
    await transactWrite(this.doc, [
      {
        Put: {
          TableName: this.tableName,
          Item: { ...this.keys.setting('reminders'), _type: 'setting', day },
        },
      },
      changeItem(this.keys, this.tableName, context, {
        entityType: 'setting',
        entityId: 'reminders',
        action: 'update',
        data: { day },
        before: { day: before },
      }),
    ]);
  }

  /** Who receives the structure's full monthly report (beyond the PLIEs' coordinators). */
  async reportRecipients(): Promise<string[]> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: this.keys.setting('report-recipients'),
        ConsistentRead: true,
      }),
    );
    return Array.isArray(Item?.emails) ? Item.emails.map(String) : [];
  }

  async setReportRecipients(emails: readonly string[], context: WriteContext): Promise<void> {
    const before = await this.reportRecipients();
    await transactWrite(this.doc, [
      {
        Put: {
          TableName: this.tableName,
          Item: {
            ...this.keys.setting('report-recipients'),
            _type: 'setting',
            emails: [...emails],
          },
        },
      },
      changeItem(this.keys, this.tableName, context, {
        entityType: 'setting',
        entityId: 'report-recipients',
        action: 'update',
        data: { emails: [...emails] },
        before: { emails: before },
      }),
    ]);
  }

  /** Whether a one-off upgrade of stored data (named) has been done. */
  async done(upgrade: string): Promise<boolean> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: this.keys.setting(`upgrade:${upgrade}`),
        ConsistentRead: true,
      }),
    );
    return Item !== undefined;
  }

  async markDone(upgrade: string, at: string): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...this.keys.setting(`upgrade:${upgrade}`), _type: 'setting', doneAt: at },
      }),
    );
  }
}
