import { parisDate } from '#shared/domain/calendar';
import { shareOf } from '#shared/domain/compliance';
import { addHours } from '#shared/domain/hours';
import { hoursTargetMissing } from '#shared/domain/hours-target';
import { centsToEuros } from '#shared/domain/money';
import { BASIS_LABELS } from '#shared/domain/reserved';
import { paceJudgedOn } from '#shared/domain/schedule';
import { hoursAfter } from './contracts-pace';
import type { ServiceDeps } from './deps';
import { issuesOf, knownThresholds } from './lookups';

/**
 * The day a year's figures are judged on, from the app's clock: the end of the last complete
 * month (or the year's last day), the very day the dashboard and the monthly report judge the
 * pace on (paceJudgedOn), so that a contract's expected hours are the same figure everywhere.
 */
export function judgedOn(deps: ServiceDeps, year: number): string {
  return paceJudgedOn(parisDate(deps.now()), `${year}-12-31`);
}

/** Contracts running in `year` that break a rule, each with its issues. */
export async function complianceReport(deps: ServiceDeps, year: number, tolerance?: number) {
  const asOf = judgedOn(deps, year);
  const [contracts, thresholds] = await Promise.all([
    deps.stores.contracts.all({ activeIn: year }),
    knownThresholds(deps),
  ]);
  const later = (await hoursAfter(deps, contracts, asOf)).byContract;
  const items = [];
  for (const logged of contracts) {
    // Its hours up to that day, as the monthly report of that month counts them.
    const contract = {
      ...logged,
      hoursLogged: addHours(logged.hoursLogged, -(later.get(logged.id) ?? 0)),
    };
    const issues = await issuesOf(deps, contract, { asOf, tolerance, thresholds });
    if (issues.length) {
      items.push({
        contract: {
          id: contract.id,
          reference: contract.reference,
          title: contract.title,
          notifiedOn: contract.notifiedOn,
        },
        issues,
      });
    }
  }
  // A clause without a target breaks no rule yet, but nothing can be judged until it is entered.
  const withoutTarget = contracts.filter(hoursTargetMissing).map((c) => ({
    id: c.id,
    reference: c.reference,
    title: c.title,
    notifiedOn: c.notifiedOn,
    buyer: c.buyer,
  }));
  // Notified but not started on the judged day: checked (their rules apply from notification),
  // not among the dashboard's « Marchés suivis », which counts the contracts started by then.
  const contractsNotStarted = contracts.filter((c) => c.startsOn > asOf).length;
  return {
    year,
    asOf,
    contractsChecked: contracts.length,
    contractsNotStarted,
    items,
    withoutTarget,
  };
}

/** The year's reserved markets (by notification year) and their weight in the year's spending. */
export async function reservedMarkets(deps: ServiceDeps, year: number) {
  const contracts = await deps.stores.contracts.all({ year });
  const reserved = contracts.filter((c) => c.socialConsiderations.includes('reserved'));
  const allCents = contracts.reduce((sum, c) => sum + c.amountCents, 0);
  const reservedCents = reserved.reduce((sum, c) => sum + c.amountCents, 0);
  const byBasis = new Map<string, { label: string; count: number; cents: number }>();
  for (const contract of reserved) {
    const basis = contract.reserved?.basis ?? 'unknown';
    const entry = byBasis.get(basis) ?? {
      label: contract.reserved ? BASIS_LABELS[contract.reserved.basis] : 'Fondement à compléter',
      count: 0,
      cents: 0,
    };
    entry.count += 1;
    entry.cents += contract.amountCents;
    byBasis.set(basis, entry);
  }
  return {
    year,
    items: reserved.map((c) => ({
      id: c.id,
      reference: c.reference,
      title: c.title,
      buyer: c.buyer,
      awardee: c.awardee,
      amount: centsToEuros(c.amountCents),
      notifiedOn: c.notifiedOn,
      basis: c.reserved?.basis ?? null,
      awardeeType: c.reserved?.awardeeType ?? null,
    })),
    totals: {
      count: reserved.length,
      amount: centsToEuros(reservedCents),
      shareOfAmount: shareOf(reservedCents, allCents),
      contractsOfYear: contracts.length,
      shareOfCount: shareOf(reserved.length, contracts.length),
      byBasis: Object.fromEntries(
        [...byBasis].map(([basis, e]) => [
          basis,
          { label: e.label, count: e.count, amount: centsToEuros(e.cents) },
        ]),
      ),
    },
  };
}
