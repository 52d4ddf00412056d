import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';

export interface OutgoingMessage {
  from: string;
  to: string;
  raw: Buffer;
  month: string;
  /** `all`, or `plie-<id>`. */
  scope: string;
}

export interface MailSender {
  send(message: OutgoingMessage): Promise<{ messageId: string }>;
}

/** The recipient refused the message for good (bad address, rejected content…). */
export class PermanentSendError extends Error {}

/** Locally: one `.eml` file per recipient and scope under OUTBOX_DIR/YYYY-MM/. */
export class OutboxSender implements MailSender {
  constructor(private readonly directory: string) {}

  async send(message: OutgoingMessage) {
    const folder = join(this.directory, message.month);
    await mkdir(folder, { recursive: true });
    const name = `${message.scope}__${message.to.replace(/[^A-Za-z0-9@._-]/g, '_')}.eml`;
    await writeFile(join(folder, name), message.raw);
    return { messageId: join(message.month, name) };
  }
}

const TRANSIENT = new Set([
  'TooManyRequestsException',
  'LimitExceededException',
  'ThrottlingException',
  'SendingPausedException',
  'InternalFailure',
  'ServiceUnavailable',
  'RequestTimeout',
  'TimeoutError',
]);

function isTransient(error: unknown): boolean {
  const e = error as {
    name?: string;
    $retryable?: unknown;
    $metadata?: { httpStatusCode?: number };
  };
  return (
    TRANSIENT.has(e.name ?? '') ||
    e.$retryable !== undefined ||
    (e.$metadata?.httpStatusCode ?? 0) >= 500
  );
}

/**
 * In AWS: SES v2 `SendEmail` with the raw MIME. Throttling is retried with exponential backoff
 * and jitter; anything else is a permanent refusal of this one message.
 */
export class SesSender implements MailSender {
  constructor(
    private readonly client: SESv2Client,
    private readonly options: {
      attempts?: number;
      baseDelayMs?: number;
      wait?: (ms: number) => Promise<unknown>;
    } = {},
  ) {}

  async send(message: OutgoingMessage) {
    const attempts = this.options.attempts ?? 5;
    const base = this.options.baseDelayMs ?? 200;
    const wait = this.options.wait ?? ((ms: number) => sleep(ms));
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.client.send(
          new SendEmailCommand({
            FromEmailAddress: message.from,
            Destination: { ToAddresses: [message.to] },
            Content: { Raw: { Data: message.raw } },
          }),
        );
        return { messageId: result.MessageId ?? '' };
      } catch (error) {
        if (!isTransient(error)) {
          throw new PermanentSendError(`${(error as Error).name}: ${(error as Error).message}`);
        }
        if (attempt >= attempts) throw error;
        await wait(base * 2 ** (attempt - 1) * (0.5 + Math.random()));
      }
    }
  }
}
