import { parisDate } from '#shared/domain/calendar';
import {
  behindScheduleIssue,
  type ComplianceIssue,
  mandatorySocialConsiderationIssue,
} from '#shared/domain/compliance';
import { centsToEuros } from '#shared/domain/money';
import { BASIS_LABELS, reservationProblems } from '#shared/domain/reserved';
import { scheduleStatus } from '#shared/domain/schedule';
import type { ContractRecord } from '#shared/store/contracts';
import type { ServiceDeps } from './deps';
import { repeatAward } from './lookups';

/** The day a year's figures are judged on: today, or the year's last day once it is over. */
export function judgedOn(deps: ServiceDeps, year: number): string {
  const today = parisDate(deps.now());
  const lastDay = `${year}-12-31`;
  return today < lastDay ? today : lastDay;
}

export async function contractIssues(
  deps: ServiceDeps,
  contract: ContractRecord,
  asOf: string,
  tolerance: number | undefined,
): Promise<ComplianceIssue[]> {
  const issues: ComplianceIssue[] = [];
  const social = mandatorySocialConsiderationIssue({
    ...contract,
    buyerSiret: contract.buyer.siret,
  });
  if (social) issues.push(social);
  if (contract.reserved) {
    const reference = `Article ${contract.reserved.basis} du code de la commande publique`;
    for (const problem of reservationProblems({ ...contract.reserved, ...contract })) {
      issues.push({
        rule: problem.rule === 'L2113-15' ? 'L2113-15' : 'reserved-basis',
        reference:
          problem.rule === 'L2113-15'
            ? 'Article L2113-15 du code de la commande publique'
            : reference,
        message: problem.message,
      });
    }
    const repeat = await repeatAward(deps, contract);
    if (repeat) {
      issues.push({
        rule: 'L2113-15',
        reference: 'Article L2113-15 du code de la commande publique',
        message: repeat.message,
      });
    }
  }
  if (asOf >= contract.startsOn) {
    const status = scheduleStatus({
      ...contract,
      asOf,
      ...(tolerance !== undefined ? { tolerance } : {}),
    });
    const late = behindScheduleIssue(contract, status);
    if (late) issues.push(late);
  }
  return issues;
}

/** Contracts running in `year` that break a rule, each with its issues. */
export async function complianceReport(deps: ServiceDeps, year: number, tolerance?: number) {
  const asOf = judgedOn(deps, year);
  const contracts = await deps.stores.contracts.all({ activeIn: year });
  const items = [];
  for (const contract of contracts) {
    const issues = await contractIssues(deps, contract, asOf, tolerance);
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
      shareOfAmount: allCents === 0 ? 0 : reservedCents / allCents,
      byBasis: Object.fromEntries(
        [...byBasis].map(([basis, e]) => [
          basis,
          { label: e.label, count: e.count, amount: centsToEuros(e.cents) },
        ]),
      ),
    },
  };
}
