import { sumHours } from './hours';
// What an observatory (a regional or national network, a State service) reads of the
// structures: yearly aggregates only, under statistical secrecy. A count of people from 1 to 4
// is not shown ("secret"), nor is what would let it be worked back: when only one structure's
// count is hidden in a column whose total is shown, the next smallest is hidden too (secondary
// secrecy), and a rate is shown only when the counts it is made of are.

/** The legal yearly working time: hours ÷ 1,607 = full-time equivalents (FTE). */
export const LEGAL_YEARLY_HOURS = 1607;

/** A count of people under this (and above 0) is statistically secret. */
export const SECRECY_THRESHOLD = 5;

export interface StructureYear {
  tenant: string;
  name: string;
  hours: number;
  contracts: number;
  people: number;
  exits: number;
  positive: number;
  /** Exits left out of the rate (moved away, illness…). */
  neutral: number;
}

/** A count as published: the number, or null with `secret` when it cannot be shown. */
export type Published = number | null;

export interface PublishedYear {
  tenant: string;
  name: string;
  hours: number;
  fte: number;
  contracts: number;
  people: Published;
  exits: Published;
  positive: Published;
  positiveRate: Published;
  /** Some count of this row is hidden by secrecy. */
  secret: boolean;
}

const PEOPLE_COUNTS = ['people', 'exits', 'positive'] as const;
type PeopleCount = (typeof PEOPLE_COUNTS)[number];

const isSecret = (count: number) => count > 0 && count < SECRECY_THRESHOLD;

/**
 * The statistical secrecy rule, for the counts of people of one breakdown whose total is known
 * (a column of the observatory, a public of a structure's open data): the indexes of the counts
 * not to show. A count from 1 to 4 is hidden; when it is the only one hidden, the total and the
 * others would give it back, so the next smallest count above 0 is hidden too. A breakdown's
 * part that is not published (the rest of a total) is given as a count all the same, so that
 * what it would give away is hidden.
 */
export function hiddenCounts(
  counts: readonly number[],
  /** Counts hidden already, for a reason of their own (another breakdown sharing them). */
  alreadyHidden: ReadonlySet<number> = new Set(),
): Set<number> {
  const hidden = new Set([
    ...alreadyHidden,
    ...counts.flatMap((count, i) => (isSecret(count) ? [i] : [])),
  ]);
  // One hidden cell beside a shown total gives itself away: hide the next smallest too.
  if (hidden.size === 1 && counts.length > 1) {
    const next = counts
      .map((value, i) => ({ i, value }))
      .filter(({ i, value }) => !hidden.has(i) && value > 0)
      .sort((a, b) => a.value - b.value)[0];
    if (next) hidden.add(next.i);
  }
  return hidden;
}

/** Whether a count of people alone (a total) is under the threshold and so not shown. */
export const isSecretCount = isSecret;

/** The structures' rows and the totals, as the observatory may read them. */
export function publishConsolidation(rows: readonly StructureYear[]): {
  tenants: PublishedYear[];
  totals: Omit<PublishedYear, 'tenant' | 'name'>;
} {
  const hidden = new Map<PeopleCount, Set<number>>();
  for (const count of PEOPLE_COUNTS) {
    hidden.set(count, hiddenCounts(rows.map((row) => row[count])));
  }
  const tenants = rows.map((row, i) => {
    const shown = (count: PeopleCount): Published =>
      hidden.get(count)?.has(i) ? null : row[count];
    const exits = shown('exits');
    const positive = shown('positive');
    return {
      tenant: row.tenant,
      name: row.name,
      hours: row.hours,
      fte: fte(row.hours),
      contracts: row.contracts,
      people: shown('people'),
      exits,
      positive,
      positiveRate: exits === null || positive === null ? null : rate(row),
      secret: PEOPLE_COUNTS.some((count) => hidden.get(count)?.has(i)),
    };
  });
  const sum = (pick: (row: StructureYear) => number) => rows.reduce((t, row) => t + pick(row), 0);
  const total: StructureYear = {
    tenant: '',
    name: '',
    hours: sumHours(rows.map((r) => r.hours)),
    contracts: sum((r) => r.contracts),
    people: sum((r) => r.people),
    exits: sum((r) => r.exits),
    positive: sum((r) => r.positive),
    neutral: sum((r) => r.neutral),
  };
  const totalShown = (count: PeopleCount): Published =>
    isSecret(total[count]) ? null : total[count];
  const exits = totalShown('exits');
  const positive = totalShown('positive');
  return {
    tenants,
    totals: {
      hours: total.hours,
      fte: fte(total.hours),
      contracts: total.contracts,
      people: totalShown('people'),
      exits,
      positive,
      positiveRate: exits === null || positive === null ? null : rate(total),
      secret: PEOPLE_COUNTS.some((count) => isSecret(total[count])),
    },
  };
}

/** Full-time equivalents of some hours, to the tenth as bilans show them. */
export const fte = (hours: number) => Math.round((hours / LEGAL_YEARLY_HOURS) * 10) / 10;

/** Positive exits over exits that count (neutral ones left out), as the PLIEs count. */
function rate(row: StructureYear): number {
  const counted = row.exits - row.neutral;
  return counted === 0 ? 0 : row.positive / counted;
}
