import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Keys } from './keys';
import { isConditionFailure } from './sdk-errors';

// The exactly-once record of the monthly report: one item per month, recipient and scope.
// A sender claims it with a short lease before sending and marks it sent afterwards, so that a
// retried or concurrent run sends only what no one has sent (or is sending).

export interface DeliveryRecord {
  month: string;
  recipient: string;
  scope: string;
  status: 'sending' | 'sent' | 'failed';
  leaseUntil?: number;
  sentAt?: string;
  messageId?: string;
  error?: string;
  bytes?: number;
}

export class DeliveryStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly keys: Keys,
  ) {}

  async get(month: string, recipient: string, scope: string): Promise<DeliveryRecord | null> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: this.keys.delivery(month, recipient, scope),
        ConsistentRead: true,
      }),
    );
    return (Item as DeliveryRecord | undefined) ?? null;
  }

  /**
   * Claims the right to send: succeeds when nothing was sent and no live lease is held (or
   * always, with `force`). Returns false when someone else sent it or is sending it.
   */
  async claim(
    month: string,
    recipient: string,
    scope: string,
    now: number,
    leaseMs: number,
    force = false,
  ): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...this.keys.delivery(month, recipient, scope),
            _type: 'delivery',
            month,
            recipient,
            scope,
            status: 'sending',
            leaseUntil: now + leaseMs,
          },
          ...(force
            ? {}
            : {
                ConditionExpression:
                  'attribute_not_exists(pk) OR (#status <> :sent AND leaseUntil < :now)',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':sent': 'sent', ':now': now },
              }),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async markSent(
    month: string,
    recipient: string,
    scope: string,
    sent: { at: string; messageId: string; bytes: number },
  ): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: this.keys.delivery(month, recipient, scope),
        UpdateExpression:
          'SET #status = :sent, sentAt = :at, messageId = :id, bytes = :bytes REMOVE leaseUntil, #error',
        ExpressionAttributeNames: { '#status': 'status', '#error': 'error' },
        ExpressionAttributeValues: {
          ':sent': 'sent',
          ':at': sent.at,
          ':id': sent.messageId,
          ':bytes': sent.bytes,
        },
      }),
    );
  }

  /**
   * A structure's scheduled run of the month (its reminders) sent all it had to: the daily
   * dispatch leaves the structure alone for the rest of the month.
   */
  async markRunDone(month: string, kind: string, at: string): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...this.keys.deliveryRun(month, kind), _type: 'delivery-run', month, kind, at },
      }),
    );
  }

  /**
   * Whether that run was done. Read eventually consistent: a mark missed means one more run,
   * which sends nothing twice.
   */
  async runDone(month: string, kind: string): Promise<boolean> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: this.keys.deliveryRun(month, kind) }),
    );
    return Item !== undefined;
  }

  /** Releases the claim after a failure, so that the next run tries again. */
  async markFailed(month: string, recipient: string, scope: string, error: string): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: this.keys.delivery(month, recipient, scope),
        UpdateExpression: 'SET #status = :failed, #error = :error, leaseUntil = :zero',
        ExpressionAttributeNames: { '#status': 'status', '#error': 'error' },
        ExpressionAttributeValues: {
          ':failed': 'failed',
          ':error': error.slice(0, 1000),
          ':zero': 0,
        },
      }),
    );
  }
}
