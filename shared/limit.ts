/**
 * Runs at most `concurrency` of the tasks given to it at a time, the others waiting their turn
 * in order. Reads fanned out over a whole file (one look-up per line's participant) would
 * otherwise all start at once: thousands of requests queued behind the SDK's sockets, each
 * counting its timeout from the start, so a busy store answers 503 to a file it could serve.
 */
export function limiter(concurrency: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  const next = () => {
    running--;
    waiting.shift()?.();
  };
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      next();
    }
  };
}
