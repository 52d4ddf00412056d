import {
  awardeeLabel,
  type BilanContract,
  type BilanPlie,
  type BilanScope,
  buyerKey,
  buyerLabel,
  type CriteriaByYear,
  contractInScope,
  requiredInYear,
  runsIn,
} from './bilan-contracts';
import { fromHundredths, type Hundredths, sumHundredths, type YearHours } from './bilan-hours';
import {
  type BilanExit,
  type BilanOutcomes,
  type BilanParticipant,
  type BilanPeople,
  bilanOutcomes,
  bilanPeople,
} from './bilan-people';
import { yearMonth } from './calendar';
import { fte } from './consolidation';
import { awardeeKey, CONTRACT_KIND_LABELS, CONTRACT_KINDS, type ContractKind } from './contracts';
import { cpvDivision, cpvDivisionLabel } from './cpv';
import { HOUR_MODE_LABELS, HOUR_MODES, type HourMode } from './hours';
import { NOT_RECORDED, NOT_RECORDED_LABEL } from './people';
import { activeInYear } from './plies';

export type { BilanContract, BilanPlie, BilanScope, CriteriaByYear } from './bilan-contracts';
export type { BilanExit, BilanParticipant, PeopleRow } from './bilan-people';

// The yearly bilan ("bilan annuel des clauses sociales"): for a year and the structure, a buyer
// or a PLIE, the hours (realised, required, FTE, and by every breakdown a facilitator answers
// for), the people, the contracts and the exits — each figure from the year's hours (lines, or
// the totals they keep: bilan-hours.ts) and the records beneath them.

export interface BilanInput {
  year: number;
  scope: BilanScope;
  /** The contracts running in the year, those notified in it, and any with hours in it. */
  contracts: readonly BilanContract[];
  plies: readonly BilanPlie[];
  criteria: CriteriaByYear;
  /** The people with hours that year (at least). */
  participants: ReadonlyMap<string, BilanParticipant>;
  /** The year's exits (of the structure, or of the PLIE). */
  exits: readonly BilanExit[];
  hours: YearHours;
}

export interface HoursRow {
  key: string;
  label: string;
  hours: number;
}

export interface BilanContractRow {
  id: string;
  reference: string;
  title: string;
  buyer: string;
  awardee: string;
  kind: ContractKind;
  required: number;
  realised: number;
  note: string | null;
}

export interface Bilan {
  year: number;
  scope: {
    buyerSiret: string | null;
    buyerName: string | null;
    plieId: string | null;
    plieName: string | null;
  };
  hours: {
    realised: number;
    required: number;
    fte: number;
    /** January to December: hours, and hours by mode (every mode, 0 included). */
    byMonth: { month: string; hours: number; byMode: Record<string, number> }[];
    byMode: HoursRow[];
    byKind: HoursRow[];
    byBuyer: HoursRow[];
    byAwardee: HoursRow[];
    byCpvDivision: HoursRow[];
    byPlie: HoursRow[];
  };
  people: BilanPeople;
  contracts: {
    /** Contracts running in the year. */
    running: number;
    /** Of those, with hours realised in the year. */
    withHours: number;
    withClause: number;
    withCriterion: number;
    reserved: number;
    /** Of the contracts notified in the year: how many carry a social consideration. */
    withSocialConsideration: { contracts: number; notified: number; share: number };
    /** Distinct awardee companies (SIREN) and buyers of the running contracts. */
    companies: number;
    buyers: number;
    realised: number;
    required: number;
    /** Realised ÷ required; 0 when nothing was required. */
    realisedRate: number;
    rows: BilanContractRow[];
  };
  outcomes: BilanOutcomes;
}

/** Rows of a breakdown: each key's hours, most hours first, then by label. */
function hoursRows(
  sums: ReadonlyMap<string, { label: string; hours: Hundredths }>,
  order: 'hours' | 'given' = 'hours',
): HoursRow[] {
  const rows = [...sums].map(([key, s]) => ({ key, label: s.label, hours: s.hours }));
  if (order === 'hours')
    rows.sort((a, b) => b.hours - a.hours || a.label.localeCompare(b.label, 'fr'));
  return rows.map((r) => ({ ...r, hours: fromHundredths(r.hours) }));
}

/** A breakdown's sums, with every key of `keys` present (0 when none). */
function sums(keys: readonly (readonly [string, string])[]) {
  const map = new Map<string, { label: string; hours: Hundredths; named?: boolean }>();
  for (const [key, label] of keys) map.set(key, { label, hours: 0, named: true });
  return {
    map,
    /** `named`: the label is a name (not « nom à compléter »), kept over one that is not. */
    add(key: string, label: string, hours: Hundredths, named = true) {
      const sum = map.get(key) ?? { label, hours: 0, named };
      if (named && !sum.named) Object.assign(sum, { label, named });
      sum.hours += hours;
      map.set(key, sum);
    },
  };
}

export function computeBilan(input: BilanInput): Bilan {
  const { year, scope, plies, hours } = input;
  const plie = scope.plieId ? (plies.find((p) => p.id === scope.plieId) ?? null) : null;
  const byId = new Map(input.contracts.map((c) => [c.id, c]));
  const buyerContracts =
    scope.buyerSiret === null
      ? null
      : new Set(input.contracts.filter((c) => c.buyer.siret === scope.buyerSiret).map((c) => c.id));
  const inScope = (entry: { plieId: string; contractId: string | null }) => {
    if (scope.plieId !== null && entry.plieId !== scope.plieId) return false;
    if (buyerContracts === null) return true;
    // Totals kept per PLIE cannot say which contract their hours are of.
    if (entry.contractId === null) throw new Error('A buyer’s bilan is read from its lines');
    return buyerContracts.has(entry.contractId);
  };
  const cells = hours.cells.filter(inScope);
  const cellHours = (c: { months: Hundredths[] }) => sumHundredths(c.months, (h) => h);

  // Contracts: those of the scope running in the year or with hours in it.
  const realisedOf = new Map<string, Hundredths>();
  for (const cell of cells)
    realisedOf.set(cell.contractId, (realisedOf.get(cell.contractId) ?? 0) + cellHours(cell));
  const withPlieHours = new Set(cells.map((c) => c.contractId));
  const ofScope = input.contracts.filter((c) =>
    contractInScope(c, scope, plie, withPlieHours.has(c.id), year),
  );
  const listed = ofScope.filter((c) => runsIn(c, year) || realisedOf.has(c.id));
  const running = listed.filter((c) => runsIn(c, year));
  const requiredOf = new Map(
    listed.map((c) => [c.id, requiredInYear(c, year, scope.plieId, plies, input.criteria)]),
  );
  const rows: BilanContractRow[] = listed
    .map((c) => {
      const required = requiredOf.get(c.id) ?? { hours: 0, note: null };
      return {
        id: c.id,
        reference: c.reference,
        title: c.title,
        buyer: buyerLabel(c.buyer),
        awardee: awardeeLabel(c.awardee),
        kind: c.kind,
        required: fromHundredths(required.hours),
        realised: fromHundredths(realisedOf.get(c.id) ?? 0),
        note: required.note,
      };
    })
    .sort((a, b) => a.reference.localeCompare(b.reference, 'fr'));
  const realised = sumHundredths(cells, cellHours);
  const required = sumHundredths(requiredOf.values(), (r) => r.hours);

  // Hours by each breakdown.
  const kinds = sums(CONTRACT_KINDS.map((k) => [k, CONTRACT_KIND_LABELS[k]] as const));
  const buyers = sums([]);
  const awardees = sums([]);
  const divisions = sums([]);
  const pliesSums = sums(
    (plie ? [plie] : activeInYear(plies, year)).map((p) => [p.id, p.name] as const),
  );
  // A contract's hours go to its kind, buyer, awardee and CPV division; every running
  // contract's buyer, awardee and division is listed, with no hours if it has none.
  const addContract = (c: BilanContract, h: Hundredths) => {
    kinds.add(c.kind, CONTRACT_KIND_LABELS[c.kind], h);
    buyers.add(buyerKey(c.buyer), buyerLabel(c.buyer), h, Boolean(c.buyer.name.trim()));
    // By establishment (SIRET) as before; one published without is known by its SIREN or identifier.
    const awardee = c.awardee.siret ?? awardeeKey(c.awardee);
    awardees.add(awardee, awardeeLabel(c.awardee), h, Boolean(c.awardee.name.trim()));
    const division = cpvDivision(c.cpv);
    const label = division ? cpvDivisionLabel(division) : NOT_RECORDED_LABEL;
    divisions.add(division ?? NOT_RECORDED, label, h);
  };
  for (const c of running) addContract(c, 0);
  const months = Array.from({ length: 12 }, () => ({
    hours: 0,
    byMode: new Map<string, Hundredths>(),
  }));
  for (const cell of cells) {
    const h = cellHours(cell);
    cell.months.forEach((m, i) => {
      const month = months[i];
      if (month) month.hours += m;
    });
    pliesSums.add(cell.plieId, plies.find((p) => p.id === cell.plieId)?.name ?? cell.plieId, h);
    const c = byId.get(cell.contractId);
    if (c) addContract(c, h);
  }
  const modes = sums(HOUR_MODES.map((m) => [m, HOUR_MODE_LABELS[m]] as const));
  for (const m of hours.modes.filter(inScope)) {
    modes.add(m.mode, HOUR_MODE_LABELS[m.mode as HourMode] ?? m.mode, m.hours);
    const month = months[m.month - 1];
    if (month) month.byMode.set(m.mode, (month.byMode.get(m.mode) ?? 0) + m.hours);
  }

  const people = bilanPeople(hours.people.filter(inScope), input.participants);
  const exits = input.exits.filter(
    (e) =>
      (scope.plieId === null || e.plieId === scope.plieId) &&
      (buyerContracts === null || people.ids.has(e.participantId)),
  );
  const notified = ofScope.filter((c) => c.notifiedOn.startsWith(`${year}-`));
  const considered = notified.filter((c) => c.socialConsiderations.length > 0).length;
  const having = (consideration: string) =>
    running.filter((c) => (c.socialConsiderations as readonly string[]).includes(consideration))
      .length;

  return {
    year,
    scope: {
      buyerSiret: scope.buyerSiret,
      buyerName:
        scope.buyerSiret === null
          ? null
          : (input.contracts.find((c) => c.buyer.siret === scope.buyerSiret)?.buyer.name ?? null),
      plieId: scope.plieId,
      plieName: plie?.name ?? null,
    },
    hours: {
      realised: fromHundredths(realised),
      required: fromHundredths(required),
      fte: fte(fromHundredths(realised)),
      byMonth: months.map((m, i) => ({
        month: yearMonth(year, i + 1),
        hours: fromHundredths(m.hours),
        byMode: Object.fromEntries(
          [...modes.map.keys()].map((mode) => [mode, fromHundredths(m.byMode.get(mode) ?? 0)]),
        ),
      })),
      byMode: hoursRows(modes.map, 'given'),
      byKind: hoursRows(kinds.map, 'given'),
      byBuyer: hoursRows(buyers.map),
      byAwardee: hoursRows(awardees.map),
      byCpvDivision: hoursRows(divisions.map),
      byPlie: hoursRows(pliesSums.map),
    },
    people: people.people,
    contracts: {
      running: running.length,
      withHours: running.filter((c) => (realisedOf.get(c.id) ?? 0) !== 0).length,
      withClause: having('social-clause'),
      withCriterion: having('social-criterion'),
      reserved: having('reserved'),
      withSocialConsideration: {
        contracts: considered,
        notified: notified.length,
        share: notified.length ? considered / notified.length : 0,
      },
      companies: new Set(running.map((c) => awardeeKey(c.awardee))).size,
      buyers: new Set(running.map((c) => buyerKey(c.buyer))).size,
      realised: fromHundredths(realised),
      required: fromHundredths(required),
      realisedRate: required ? realised / required : 0,
      rows,
    },
    outcomes: bilanOutcomes(exits),
  };
}
