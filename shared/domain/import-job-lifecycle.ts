// A big import's job, from its queueing to its end: its states, how the pages name them, and
// when one that has not moved must be taken for dead. The store turns each transition into the
// condition of its write (shared/store/import-jobs.ts).

export const JOB_STATES = ['queued', 'running', 'done', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];

export const JOB_STATE_LABELS: Record<JobState, string> = {
  queued: 'En attente',
  running: 'En cours',
  done: 'Terminé',
  failed: 'Échoué',
};

/**
 * The transitions: a job is created queued; a worker takes one queued, or one a stopped worker
 * left running (the import is resumable); a running job reports progress and ends done or
 * failed; a job that has not moved for longer than any worker runs is abandoned, failed. The
 * store makes `from` the condition of each write, so a job ended cannot be taken again.
 */
export const JOB_TRANSITIONS = {
  create: { from: [], to: 'queued' },
  start: { from: ['queued', 'running'], to: 'running' },
  progress: { from: ['running'], to: 'running' },
  succeed: { from: ['running'], to: 'done' },
  fail: { from: ['running'], to: 'failed' },
  abandon: { from: ['queued', 'running'], to: 'failed' },
} as const satisfies Record<string, { from: readonly JobState[]; to: JobState }>;
export type JobTransition = keyof typeof JOB_TRANSITIONS;

export const isFinished = (state: JobState) => state === 'done' || state === 'failed';

/** A job a stopped process left behind, which a restart queues again. */
export const isUnfinished = (state: JobState) => !isFinished(state);

/**
 * How long a job may go without a word before it is taken for dead: a running job writes its
 * progress every second and each new attempt restarts it, so silence longer than one attempt
 * plus the wait before the next (the queue's visibility) means no worker has it any more (it
 * timed out, ran out of memory, or its message went to the dead letters). A queued job waits
 * for a free worker: a day.
 */
export function abandonedAfterMs(state: JobState, workerTimeoutMinutes: number): number | null {
  if (state === 'running') return (2 * workerTimeoutMinutes + 1) * 60_000;
  if (state === 'queued') return 24 * 3600_000;
  return null;
}

/** What the user reads on a job taken for dead. */
export const ABANDONED_MESSAGE =
  'Le traitement s’est arrêté sans finir (délai ou mémoire dépassés) : rien n’a été compté deux fois. Renvoyez le fichier ; s’il est très gros, découpez-le.';
