import { parisDate } from '#shared/domain/calendar';
import { shareOf, yearJudgedOn } from '#shared/domain/compliance';
import { centsToEuros } from '#shared/domain/money';
import { BASIS_LABELS } from '#shared/domain/reserved';
import type { ServiceDeps } from './deps';
import { issuesOf, knownThresholds } from './lookups';

/** The day a year's figures are judged on, from the app's clock. */
export function judgedOn(deps: ServiceDeps, year: number): string {
  return yearJudgedOn(year, parisDate(deps.now()));
}

/** Contracts running in `year` that break a rule, each with its issues. */
export async function complianceReport(deps: ServiceDeps, year: number, tolerance?: number) {
  const asOf = judgedOn(deps, year);
  const [contracts, thresholds] = await Promise.all([
    deps.stores.contracts.all({ activeIn: year }),
    knownThresholds(deps),
  ]);
  const items = [];
  for (const contract of contracts) {
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
  return { year, asOf, contractsChecked: contracts.length, items };
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
