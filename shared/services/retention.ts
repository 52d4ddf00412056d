import type { Identity } from '#shared/domain/access';
import { monthOf, parisDate, type YearMonth, yearOf } from '#shared/domain/calendar';
import { pastRetention, retentionCutoff } from '#shared/domain/retention';
import type { ServiceDeps } from './deps';
import { forgetParticipants } from './erasure';

/** Who the history names for what the retention rule erases. */
export const RETENTION_ACTOR: Identity = {
  sub: 'retention',
  role: 'admin',
  name: 'Règle de conservation des données',
};

/** How far back exits are looked for: older ones were erased by earlier runs. */
const YEARS_LOOKED_BACK = 30;

export interface RetentionResult {
  years: number;
  /** Exits before this day are past the period. */
  cutoff: string;
  /** Erased by this run. */
  erasedNow: number;
  /** The month the rule runs in (Paris): the one its erasures are counted for. */
  month: YearMonth;
  /**
   * Erased by the rule in `month` (this run and earlier ones): what the month's report says.
   * People erased on their own request are not the rule's, even when they left long ago.
   */
  erasedThisMonth: number;
}

/**
 * Erases the participants who left more than `years` years ago, as an erasure on request does
 * (services/erasure.ts): the reference and the eligibility go, the hours and the exit
 * stay, anonymous; each erasure is in the history with the rule as its reason. Running it again
 * erases nothing more, and still counts this month's erasures.
 */
export async function applyRetention(deps: ServiceDeps, years: number): Promise<RetentionResult> {
  const now = deps.now();
  const today = parisDate(now);
  const cutoff = retentionCutoff(today, years);
  const lastYear = yearOf(cutoff);
  const exits = (
    await Promise.all(
      Array.from({ length: YEARS_LOOKED_BACK + 1 }, (_, i) =>
        deps.stores.exits.ofYear(lastYear - YEARS_LOOKED_BACK + i),
      ),
    )
  ).flat();
  const expired = exits.filter(
    (p) => p.exitedOn !== null && pastRetention(p.exitedOn, today, years),
  );
  const reason = `Conservation : sortie depuis plus de ${years} ans (effacement automatique)`;
  // All at once: the statements that may name them are read once for all (services/erasure.ts).
  const toErase = expired.filter((p) => !p.erasedAt);
  await forgetParticipants(
    deps,
    toErase,
    { actor: RETENTION_ACTOR, at: now.toISOString() },
    reason,
  );
  const erasedNow = toErase.length;
  const month = monthOf(today);
  const erasedBefore = expired.filter(
    (p) =>
      p.erasedAt &&
      p.erasedBy === RETENTION_ACTOR.sub &&
      monthOf(parisDate(new Date(p.erasedAt))) === month,
  ).length;
  return { years, cutoff, erasedNow, month, erasedThisMonth: erasedBefore + erasedNow };
}
