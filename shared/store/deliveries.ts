import { gunzipSync, gzipSync } from 'node:zlib';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Keys } from './keys';
import { queryAll } from './pagination';
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

/** The monthly report as it left for one audience (the full report, or a PLIE's). */
export interface SentReport {
  month: string;
  scope: string;
  /** When it was last sent to one of its recipients. */
  sentAt: string;
  /** How many addresses received it. */
  recipients: number;
  /** The e-mail's HTML as sent; null when it was too large to keep in the item. */
  html: string | null;
}

/**
 * The sent HTML is kept gzip-compressed in the audience's item (a structure's report of a few
 * hundred contracts compresses about tenfold); past this size it is not kept, well under the
 * 400 KB a DynamoDB item may hold.
 */
const MAX_KEPT_BYTES = 300_000;

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
   * Keeps what an audience was sent, once its messages have left: the HTML (compressed), when,
   * and to whom (a set, so that a retry or a forced resend counts each address once). A
   * resend replaces the HTML with the one sent last.
   */
  async keepSentReport(
    month: string,
    scope: string,
    sent: { at: string; recipients: readonly string[]; html: string },
  ): Promise<void> {
    const packed = gzipSync(sent.html);
    const kept = packed.length <= MAX_KEPT_BYTES;
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: this.keys.sentReport(month, scope),
        UpdateExpression: `SET #type = :type, #month = :month, #scope = :scope, sentAt = :at${
          kept ? ', html = :html' : ''
        } ADD recipients :recipients${kept ? '' : ' REMOVE html'}`,
        ExpressionAttributeNames: { '#type': '_type', '#month': 'month', '#scope': 'scope' },
        ExpressionAttributeValues: {
          ':type': 'sent-report',
          ':month': month,
          ':scope': scope,
          ':at': sent.at,
          ':recipients': new Set(sent.recipients),
          ...(kept ? { ':html': packed } : {}),
        },
      }),
    );
  }

  /** What an audience was sent that month; null when nothing was. */
  async sentReport(month: string, scope: string): Promise<SentReport | null> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: this.keys.sentReport(month, scope) }),
    );
    if (!Item) return null;
    const html = Item.html as Uint8Array | undefined;
    return {
      month,
      scope,
      sentAt: Item.sentAt as string,
      recipients: (Item.recipients as Set<string> | undefined)?.size ?? 0,
      html: html ? gunzipSync(html).toString('utf8') : null,
    };
  }

  /**
   * When an audience's messages of the month last left, and to how many addresses, from the
   * delivery records alone: what a report sent before its e-mail was kept still says.
   */
  async sentByRecords(
    month: string,
    scope: string,
  ): Promise<{ sentAt: string; recipients: number } | null> {
    // The records of one audience share the prefix `<scope>#` (keys.ts: <scope>#<recipient>).
    const { pk, sk: prefix } = this.keys.delivery(month, '', scope);
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
    });
    const sent = items.filter((i) => i.status === 'sent' && typeof i.sentAt === 'string');
    if (!sent.length) return null;
    const sentAt = sent.map((i) => i.sentAt as string).sort()[sent.length - 1] as string;
    return { sentAt, recipients: sent.length };
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
