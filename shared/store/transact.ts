import { setTimeout as sleep } from 'node:timers/promises';
import {
  type DynamoDBDocumentClient,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { newId } from '../ids';
import { isTransientStoreError } from './sdk-errors';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const ATTEMPTS = 6;

/**
 * Writes all items or none. Concurrent transactions on the same totals cancel each other
 * ("TransactionConflict") and the SDK does not retry that, so we do, with jittered backoff;
 * the SDK's own retries already cover throttling of the call itself. One client request token
 * for all the attempts of this write: if a response is lost after DynamoDB committed, the retry
 * is recognised as the same transaction instead of failing its conditions.
 */
export async function transactWrite(
  doc: DynamoDBDocumentClient,
  items: TransactItem[],
  clientRequestToken: string = newId(),
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await doc.send(
        new TransactWriteCommand({ TransactItems: items, ClientRequestToken: clientRequestToken }),
      );
      return;
    } catch (error) {
      if (attempt >= ATTEMPTS || !isTransientStoreError(error)) throw error;
      await sleep(Math.random() * 20 * 2 ** attempt);
    }
  }
}
