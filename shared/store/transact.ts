import { setTimeout as sleep } from 'node:timers/promises';
import {
  type DynamoDBDocumentClient,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { newId } from '#shared/ids';
import { isTransientStoreError } from './sdk-errors';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const ATTEMPTS = 6;

/**
 * Writes all items or none. Concurrent transactions on the same totals cancel each other
 * ("TransactionConflict") and the SDK does not retry that, so we do, with jittered backoff;
 * the SDK's own retries already cover throttling of the call itself.
 *
 * Each attempt carries a client request token. The SDK resends the same request, token included,
 * when an answer is lost on the network: DynamoDB then recognises a transaction it already
 * committed instead of failing its conditions. Our own retries follow a cancellation — nothing
 * was written — so each takes a new token.
 */
export async function transactWrite(
  doc: DynamoDBDocumentClient,
  items: TransactItem[],
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await doc.send(
        new TransactWriteCommand({ TransactItems: items, ClientRequestToken: newId() }),
      );
      return;
    } catch (error) {
      if (attempt >= ATTEMPTS || !isTransientStoreError(error)) throw error;
      await sleep(Math.random() * 20 * 2 ** attempt);
    }
  }
}
