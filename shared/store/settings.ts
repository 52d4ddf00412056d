import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { changeItem, type WriteContext } from './changes';
import { keys } from './keys';
import { transactWrite } from './transact';

// Settings an administrator changes in the pages (not the deployment's environment).

/** The day of the month awardees late with last month's statement are reminded. */
export const DEFAULT_REMINDER_DAY = 5;

export class SettingsStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async reminderDay(): Promise<number> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.setting('reminders'),
        ConsistentRead: true,
      }),
    );
    return typeof Item?.day === 'number' ? Item.day : DEFAULT_REMINDER_DAY;
  }

  async setReminderDay(day: number, context: WriteContext): Promise<void> {
    await transactWrite(this.doc, [
      {
        Put: {
          TableName: this.tableName,
          Item: { ...keys.setting('reminders'), _type: 'setting', day },
        },
      },
      changeItem(this.tableName, context, {
        entityType: 'setting',
        entityId: 'reminders',
        action: 'update',
        data: { day },
      }),
    ]);
  }
}
