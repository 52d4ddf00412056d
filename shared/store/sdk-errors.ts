// How DynamoDB says "not now" and "not that way", read in one place.

const THROTTLING = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TransactionInProgressException',
  'LimitExceededException',
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
