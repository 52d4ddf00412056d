import { randomUUID } from 'node:crypto';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  ScanCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { batchPut } from '#shared/store/bulk';
import { createTableInput } from '#shared/store/table';

// A floor for work that writes: the very writes the product sent, sent again raw — same
// commands, same items, same concurrency, same order of dependence — into a copy of the table
// as it was before. What the product adds on top (parsing, validation, the reads it checks
// with, its own bookkeeping in JavaScript) is the difference.

/** The document client's write commands, by the name the middleware sees (the SDK's own). */
const WRITES = {
  TransactWriteItemsCommand: TransactWriteCommand,
  BatchWriteItemCommand: BatchWriteCommand,
  PutItemCommand: PutCommand,
  UpdateItemCommand: UpdateCommand,
  DeleteItemCommand: DeleteCommand,
} as const;
type WriteName = keyof typeof WRITES;

interface CapturedWrite {
  name: WriteName;
  input: Record<string, unknown>;
  /** Writes already answered when this one was sent: it may depend on them, not on the others. */
  startedAfter: number;
}

/** Records every write the document client sends while `on` is true. */
export function captureWrites(doc: DynamoDBDocumentClient) {
  const writes: CapturedWrite[] = [];
  let on = false;
  let completed = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  doc.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName as WriteName;
      if (!on || !(name in WRITES)) return next(args);
      writes.push({
        name,
        input: structuredClone(args.input as Record<string, unknown>),
        startedAfter: completed,
      });
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        return await next(args);
      } finally {
        inFlight -= 1;
        completed += 1;
      }
    },
    { step: 'initialize', name: 'write-replay-capture' },
  );
  return {
    start: () => {
      on = true;
    },
    stop: () => {
      on = false;
      return { writes, maxInFlight };
    },
  };
}

/** A copy of `tableName` as it is now, under another name. */
export async function copyTable(
  doc: DynamoDBDocumentClient,
  tableName: string,
  copyName: string,
): Promise<number> {
  await doc.send(new CreateTableCommand(createTableInput(copyName)));
  async function* scan() {
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await doc.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey }));
      yield* page.Items ?? [];
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
  }
  return batchPut(doc, copyName, scan());
}

/** The input with every table name changed to `to` (transactions' items and batches' keys too). */
function retarget(name: WriteName, input: Record<string, unknown>, to: string) {
  if (name === 'BatchWriteItemCommand') {
    const requests = Object.values(input.RequestItems as Record<string, unknown[]>).flat();
    return { ...input, RequestItems: { [to]: requests } };
  }
  if (name === 'TransactWriteItemsCommand') {
    const items = (input.TransactItems as Record<string, Record<string, unknown>>[]).map((item) =>
      Object.fromEntries(
        Object.entries(item).map(([op, body]) => [op, { ...body, TableName: to }]),
      ),
    );
    // A token of its own: DynamoDB refuses a token sent again with other parameters.
    const token = input.ClientRequestToken ? { ClientRequestToken: randomUUID() } : {};
    return { ...input, TransactItems: items, ...token };
  }
  return { ...input, TableName: to };
}

/**
 * Sends the captured writes again into `to`: each once as many writes have been answered as
 * had been when the product sent it, so the replay keeps the product's concurrency and its
 * order of dependence, and nothing else. Answers the time taken and the writes refused.
 */
export async function replayWrites(
  doc: DynamoDBDocumentClient,
  writes: readonly CapturedWrite[],
  to: string,
): Promise<{ ms: number; refused: number }> {
  let completed = 0;
  let refused = 0;
  const inFlight = new Set<Promise<void>>();
  const started = performance.now();
  for (const write of writes) {
    while (completed < write.startedAfter) await Promise.race(inFlight);
    const Command = WRITES[write.name] as unknown as new (
      input: Record<string, unknown>,
    ) => Parameters<DynamoDBDocumentClient['send']>[0];
    const task = doc
      .send(new Command(retarget(write.name, write.input, to)))
      .then(
        () => undefined,
        (error: unknown) => {
          if (!refused && process.env.DEBUG_REPLAY)
            console.error(error, JSON.stringify(write.input).slice(0, 2000));
          refused += 1;
        },
      )
      .finally(() => {
        completed += 1;
        inFlight.delete(task);
      });
    inFlight.add(task);
  }
  await Promise.all(inFlight);
  return { ms: performance.now() - started, refused };
}
