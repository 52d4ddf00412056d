import {
  addMonthsToMonth,
  dayNumberOf,
  lastParisMonth,
  monthNumberOf,
  parisDate,
  parisMonth,
  parisTime,
  yearOf,
} from '#shared/domain/calendar';

// The local stand-in for EventBridge Scheduler: on the 1st of each month at 07:00 Paris time,
// report on the month that just ended. At start-up it also catches up a run the machine slept
// through; the exactly-once records make that harmless when the report was already sent.

const MAX_TIMER_MS = 2 ** 31 - 1;

/** The next 1st of a month, 07:00 in Paris, after `now`. */
export function nextReportRun(now: Date): Date {
  const month = parisMonth(now);
  const thisMonth = parisTime(yearOf(month), monthNumberOf(month), 1, 7);
  if (thisMonth > now) return thisMonth;
  const next = addMonthsToMonth(month, 1);
  return parisTime(yearOf(next), monthNumberOf(next), 1, 7);
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
        if (at.getTime() <= now().getTime()) void runFor(lastParisMonth(at));
        arm();
      },
      Math.min(delay, MAX_TIMER_MS),
    );
    timer.unref();
  };
  if (options.catchUp ?? true) void runFor(lastParisMonth(now()));
  arm();
  return { stop: () => clearTimeout(timer) };
}

/** The next 08:00 in Paris after `now`. */
export function nextDailyRun(now: Date): Date {
  const today = parisDate(now);
  const at = parisTime(yearOf(today), monthNumberOf(today), dayNumberOf(today), 8);
  if (at > now) return at;
  const tomorrow = new Date(at.getTime() + 26 * 3600_000);
  const next = parisDate(tomorrow);
  return parisTime(yearOf(next), monthNumberOf(next), dayNumberOf(next), 8);
}

/**
 * Every day at 08:00 Paris time (the reminders, which decide themselves whether they are
 * due), and once at start-up to catch up a morning the machine slept through.
 */
export function scheduleDaily(
  run: () => Promise<void>,
  options: { now?: () => Date; catchUp?: boolean } = {},
): { stop(): void } {
  const now = options.now ?? (() => new Date());
  let timer: NodeJS.Timeout | undefined;
  const runOnce = () =>
    run().catch((error) =>
      console.error(`Relances : ${error instanceof Error ? error.message : error}`),
    );
  const arm = () => {
    const at = nextDailyRun(now());
    timer = setTimeout(
      () => {
        if (at.getTime() <= now().getTime()) void runOnce();
        arm();
      },
      Math.min(at.getTime() - now().getTime(), MAX_TIMER_MS),
    );
    timer.unref();
  };
  if (options.catchUp ?? true) void runOnce();
  arm();
  return { stop: () => clearTimeout(timer) };
}
