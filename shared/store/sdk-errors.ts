// How DynamoDB says "not now" and "not that way", read in one place.

const THROTTLING = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TransactionInProgressException',
  'LimitExceededException',
]);

/** The SDK's and DynamoDB's names for a call that took too long, or a service that is down. */
const UNREACHABLE = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'InternalServerError',
  'ServiceUnavailable',
]);

/** Node's codes for a connection refused, lost or never made (name resolution included). */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

interface CancellationReason {
  Code?: string;
  Item?: Record<string, unknown>;
}

export function errorName(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'name' in error
    ? String((error as { name: unknown }).name)
    : undefined;
}

/** A single write's condition did not hold. */
export function isConditionFailure(error: unknown): boolean {
  return errorName(error) === 'ConditionalCheckFailedException';
}

/** The per-item reasons of a cancelled transaction, in the order of its items. */
export function cancellationReasons(error: unknown): CancellationReason[] | null {
  if (errorName(error) !== 'TransactionCanceledException') return null;
  const reasons = (error as { CancellationReasons?: CancellationReason[] }).CancellationReasons;
  return reasons ?? [];
}

/** True for errors that go away by waiting: throttling, and contention between transactions. */
export function isTransientStoreError(error: unknown): boolean {
  const name = errorName(error);
  if (name && THROTTLING.has(name)) return true;
  const reasons = cancellationReasons(error);
  if (!reasons) return false;
  const codes = reasons.map((reason) => reason.Code ?? 'None');
  return (
    codes.some((code) => code === 'TransactionConflict' || code === 'ThrottlingError') &&
    !codes.includes('ConditionalCheckFailed')
  );
}

/**
 * True when DynamoDB could not be reached, or did not answer within the client's timeouts
 * (client.ts), once the SDK's own retries are spent. Kept apart from `isTransientStoreError`
 * on purpose: a write whose answer was lost may have been applied, so it is not retried here
 * (transact.ts) but answered 503, and the client retries with its idempotency key.
 */
export function isStoreUnreachable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, $metadata } = error as { code?: unknown; $metadata?: { httpStatusCode?: number } };
  const name = errorName(error);
  return (
    (name !== undefined && UNREACHABLE.has(name)) ||
    (typeof code === 'string' && NETWORK_CODES.has(code)) ||
    ($metadata?.httpStatusCode ?? 0) >= 500
  );
}
