import { parisDate, parisTime, previousMonth } from '../../shared/domain/calendar';

// The local stand-in for EventBridge Scheduler: on the 1st of each month at 07:00 Paris time,
// report on the month that just ended. At start-up it also catches up a run the machine slept
// through; the exactly-once records make that harmless when the report was already sent.

const MAX_TIMER_MS = 2 ** 31 - 1;

/** The next 1st of a month, 07:00 in Paris, after `now`. */
export function nextReportRun(now: Date): Date {
  const [y, m] = parisDate(now).split('-').map(Number) as [number, number];
  const thisMonth = parisTime(y, m, 1, 7);
  if (thisMonth > now) return thisMonth;
  return m === 12 ? parisTime(y + 1, 1, 1, 7) : parisTime(y, m + 1, 1, 7);
}

export function scheduleMonthlyReports(
  run: (month: string) => Promise<void>,
  options: { now?: () => Date; catchUp?: boolean } = {},
): { stop(): void } {
  const now = options.now ?? (() => new Date());
  let timer: NodeJS.Timeout | undefined;
  const runFor = (month: string) =>
    run(month).catch((error) =>
      console.error(`Rapport ${month} : ${error instanceof Error ? error.message : error}`),
    );
  const arm = () => {
    const at = nextReportRun(now());
    const delay = at.getTime() - now().getTime();
    timer = setTimeout(
      () => {
        if (at.getTime() <= now().getTime()) void runFor(previousMonth(parisDate(at).slice(0, 7)));
        arm();
      },
      Math.min(delay, MAX_TIMER_MS),
    );
    timer.unref();
  };
  if (options.catchUp ?? true) void runFor(previousMonth(parisDate(now()).slice(0, 7)));
  arm();
  return { stop: () => clearTimeout(timer) };
}
