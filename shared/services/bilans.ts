import type { PlieCriteria, Weights } from '#shared/domain/allocation';
import { type Bilan, type BilanScope, computeBilan } from '#shared/domain/bilan';
import { type YearHours, yearHoursOfLines, yearHoursOfTotals } from '#shared/domain/bilan-hours';
import { yearOf } from '#shared/domain/calendar';
import { NotFoundError } from '#shared/errors';
import type { ContractRecord } from '#shared/store/contracts';
import type { ParticipantRecord } from '#shared/store/participants';
import type { ServiceDeps } from './deps';

// The yearly bilan of the caller's structure, of one of its buyers or of one of its PLIEs.
//
// What it reads: the PLIEs; the contracts running in the year and those notified in it (one
// query of the contracts' index each); the year's contract × PLIE totals (one item per pair
// with hours); the year's exits. For the structure or a PLIE, the hours come from totals only:
// the PLIE × month items (by mode) and the participant × year items (a person each), and the
// records of those people (BatchGet) — hundreds of items, however many lines. For a buyer, the
// modes and the people of its contracts are only in their lines: it reads the lines of that
// year of each of the buyer's contracts that has hours in it (the contract's index), no other.

/** The bilan of `year`, for the structure (scope all null), a buyer, a PLIE, or both. */
export async function yearlyBilan(
  deps: ServiceDeps,
  year: number,
  scope: BilanScope,
): Promise<Bilan> {
  const { stores } = deps;
  const [plies, running, notified, contractYears, exited] = await Promise.all([
    stores.plies.list(),
    stores.contracts.all({ activeIn: year }),
    stores.contracts.all({ year }),
    stores.totals.yearTotals(year),
    stores.exits.ofYear(year, scope.plieId ?? undefined),
  ]);
  if (scope.plieId !== null && !plies.some((p) => p.id === scope.plieId)) {
    throw new NotFoundError('Ce PLIE n’existe pas.');
  }
  const contracts = new Map([...running, ...notified].map((c) => [c.id, c]));
  // A contract with hours in the year is running in it; read any the index did not give anyway.
  const withHours = [...new Set(contractYears.filter((t) => hasHours(t)).map((t) => t.contractId))];
  const missing = withHours.filter((id) => !contracts.has(id));
  for (const c of await Promise.all(missing.map((id) => stores.contracts.get(id)))) {
    if (c) contracts.set(c.id, c);
  }
  if (scope.buyerSiret !== null) await requireKnownBuyer(deps, scope.buyerSiret, contracts);

  let hours: YearHours;
  let people: ParticipantRecord[];
  if (scope.buyerSiret !== null) {
    const ofBuyer = withHours.filter((id) => contracts.get(id)?.buyer.siret === scope.buyerSiret);
    const lines = (
      await Promise.all(ofBuyer.map((id) => stores.hours.ofContractInYear(id, year)))
    ).flat();
    hours = yearHoursOfLines(lines, year);
    people = await participantsOf(
      deps,
      hours.people.map((p) => p.participantId),
      exited,
    );
  } else {
    const [plieMonths, peopleYears] = await Promise.all([
      stores.totals.plieMonths(year, scope.plieId ?? undefined),
      stores.totals.peopleYearTotals(year),
    ]);
    people = await participantsOf(
      deps,
      peopleYears.map((p) => p.participantId),
      exited,
    );
    const plieOf = new Map(people.map((p) => [p.id, p.plieId]));
    hours = yearHoursOfTotals({ contractYears, plieMonths, peopleYears, plieOf }, year);
  }

  return computeBilan({
    year,
    scope,
    contracts: [...contracts.values()],
    plies,
    criteria: scope.plieId ? await criteriaOf(deps, [...contracts.values()]) : new Map(),
    participants: new Map(people.map((p) => [p.id, p])),
    exits: exited.flatMap((p) =>
      p.outcome ? [{ participantId: p.id, plieId: p.plieId, outcome: p.outcome }] : [],
    ),
    hours,
  });
}

const hasHours = (t: { months: number[] }) => t.months.some((h) => h !== 0);

/** A buyer is the structure's when one of its contracts names it, this year or another. */
async function requireKnownBuyer(
  deps: ServiceDeps,
  siret: string,
  read: ReadonlyMap<string, ContractRecord>,
): Promise<void> {
  if ([...read.values()].some((c) => c.buyer.siret === siret)) return;
  const every = await deps.stores.contracts.all({});
  if (!every.some((c) => c.buyer.siret === siret)) {
    throw new NotFoundError('Aucun marché de la structure n’a cet acheteur.');
  }
}

/** The records of these people (the year's exits are records already: not read twice). */
async function participantsOf(
  deps: ServiceDeps,
  ids: readonly (string | null)[],
  exited: readonly ParticipantRecord[],
): Promise<ParticipantRecord[]> {
  const known = new Map(exited.map((p) => [p.id, p]));
  const toRead = [...new Set(ids)].filter((id): id is string => id !== null && !known.has(id));
  return [...known.values(), ...(await deps.stores.participants.getMany(toRead))];
}

/**
 * The criteria a PLIE's part of a shared contract needs when its key is not decided yet: those
 * of the contract's notification year (a decided key carries its own).
 */
async function criteriaOf(
  deps: ServiceDeps,
  contracts: readonly ContractRecord[],
): Promise<Map<number, { plies: PlieCriteria[]; weights: Weights | null }>> {
  const years = [
    ...new Set(
      contracts
        .filter((c) => c.allocation?.mode === 'shared' && !c.allocationKey)
        .map((c) => yearOf(c.notifiedOn)),
    ),
  ];
  return new Map(
    await Promise.all(
      years.map(async (y) => {
        const [records, weights] = await Promise.all([
          deps.stores.plies.criteriaOfYear(y),
          deps.stores.plies.weightsOfYear(y),
        ]);
        const plies = records.map((r) => ({ plieId: r.plieId, criteria: r }));
        return [y, { plies, weights }] as const;
      }),
    ),
  );
}
