import { fromHundredths, type Hundredths, sumHundredths, type YearHours } from './bilan-hours';
import { ELIGIBILITY_CODES, ELIGIBILITY_LABELS } from './eligibility';
import {
  EXIT_GROUP_LABELS,
  EXIT_GROUPS,
  type ExitGroup,
  exitGroup,
  OUTCOME_LABELS,
  OUTCOMES,
  type Outcome,
  outcomeRates,
} from './outcomes';
import {
  AGE_BAND_LABELS,
  AGE_BANDS,
  type AgeBand,
  NOT_RECORDED,
  NOT_RECORDED_LABEL,
  SEX_LABELS,
  SEXES,
  type Sex,
} from './people';

// The bilan's people — the distinct participants with hours in the scope that year, by the
// publics the funders ask for — and the exits of the year, grouped.

/** What the bilan needs of a participant: never the reference. */
export interface BilanParticipant {
  id: string;
  plieId: string;
  eligibility: readonly string[];
  sex?: Sex | null;
  ageBand?: AgeBand | null;
}

export interface BilanExit {
  participantId: string;
  plieId: string;
  outcome: Outcome;
}

/** A public: how many people, and the hours they worked. */
export interface PeopleRow {
  key: string;
  label: string;
  people: number;
  hours: number;
}

export interface BilanPeople {
  /** Distinct participants with hours in the scope that year. */
  count: number;
  /** Their hours (the rest were on lines naming no one). */
  hours: number;
  linesWithoutParticipant: { hours: number; lines: number };
  /** A person counts under each of their codes; "non renseigné" when they have none. */
  byEligibility: PeopleRow[];
  bySex: PeopleRow[];
  byAgeBand: PeopleRow[];
  /** Residents of a priority neighbourhood (eligibility code QPV). */
  qpv: { people: number; hours: number; share: number };
}

export interface BilanOutcomes {
  exits: number;
  neutral: number;
  positive: number;
  /** PLIE positive exits ÷ exits that count (neutral ones left out). */
  positiveRate: number;
  byGroup: { key: ExitGroup; label: string; exits: number }[];
  byOutcome: { key: Outcome; label: string; group: ExitGroup; exits: number }[];
}

/** People and the hours of lines naming no one, from the year's hours already in scope. */
export function bilanPeople(
  people: YearHours['people'],
  participants: ReadonlyMap<string, BilanParticipant>,
): { people: BilanPeople; ids: Set<string> } {
  const hoursOf = new Map<string, Hundredths>();
  let unnamedHours = 0;
  let unnamedLines = 0;
  for (const entry of people) {
    if (entry.participantId === null) {
      unnamedHours += entry.hours;
      unnamedLines += entry.lines;
    } else {
      hoursOf.set(entry.participantId, (hoursOf.get(entry.participantId) ?? 0) + entry.hours);
    }
  }
  const ids = new Set(hoursOf.keys());
  const rows = (
    keys: readonly string[],
    label: (key: string) => string,
    of: (id: string) => string[],
  ) => {
    const sums = new Map<string, { people: number; hours: Hundredths }>();
    for (const [id, hours] of hoursOf) {
      for (const key of of(id)) {
        const sum = sums.get(key) ?? { people: 0, hours: 0 };
        sum.people += 1;
        sum.hours += hours;
        sums.set(key, sum);
      }
    }
    return keys.map((key) => ({
      key,
      label: label(key),
      people: sums.get(key)?.people ?? 0,
      hours: fromHundredths(sums.get(key)?.hours ?? 0),
    }));
  };
  const person = (id: string) => participants.get(id);
  const recorded = <T extends string>(value: T | null | undefined): string[] => [
    value ?? NOT_RECORDED,
  ];
  const notRecorded = (labels: Record<string, string>) => (key: string) =>
    labels[key] ?? NOT_RECORDED_LABEL;
  const codesOf = (id: string) => {
    const codes = person(id)?.eligibility ?? [];
    return codes.length ? [...codes] : [NOT_RECORDED];
  };
  const eligibility = rows(
    [...ELIGIBILITY_CODES, NOT_RECORDED],
    notRecorded(ELIGIBILITY_LABELS),
    codesOf,
  ).filter((row) => row.people > 0);
  const qpv = rows(['QPV'], () => '', codesOf)[0];
  const namedHours = sumHundredths(hoursOf.values(), (h) => h);
  return {
    ids,
    people: {
      count: ids.size,
      hours: fromHundredths(namedHours),
      linesWithoutParticipant: { hours: fromHundredths(unnamedHours), lines: unnamedLines },
      byEligibility: eligibility,
      bySex: rows([...SEXES, NOT_RECORDED], notRecorded(SEX_LABELS), (id) =>
        recorded(person(id)?.sex),
      ),
      byAgeBand: rows([...AGE_BANDS, NOT_RECORDED], notRecorded(AGE_BAND_LABELS), (id) =>
        recorded(person(id)?.ageBand),
      ),
      qpv: {
        people: qpv?.people ?? 0,
        hours: qpv?.hours ?? 0,
        share: ids.size ? (qpv?.people ?? 0) / ids.size : 0,
      },
    },
  };
}

/** The exits of the year, grouped, and the PLIE positive rate (outcomeRates). */
export function bilanOutcomes(exits: readonly BilanExit[]): BilanOutcomes {
  const outcomes = exits.map((e) => e.outcome);
  const rates = outcomeRates(outcomes);
  const count = (match: (o: Outcome) => boolean) => outcomes.filter(match).length;
  return {
    exits: rates.exits,
    neutral: rates.neutral,
    positive: rates.positive,
    positiveRate: rates.positiveRate,
    byGroup: EXIT_GROUPS.map((key) => ({
      key,
      label: EXIT_GROUP_LABELS[key],
      exits: count((o) => exitGroup(o) === key),
    })),
    byOutcome: OUTCOMES.map((key) => ({
      key,
      label: OUTCOME_LABELS[key],
      group: exitGroup(key),
      exits: count((o) => o === key),
    })).filter((row) => row.exits > 0),
  };
}
