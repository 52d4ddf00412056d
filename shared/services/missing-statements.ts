import {
  holderSirens,
  type ReceivedMark,
  receivedFromMarks,
  statementReceived,
} from '#shared/domain/awardees';
import { addMonthsToMonth, type YearMonth, yearOf } from '#shared/domain/calendar';
import { isMonthInPeriod } from '#shared/domain/hours';
import { limiter } from '#shared/limit';
import type { AwardeeContact } from '#shared/store/awardee-contacts';
import type { ContractRecord } from '#shared/store/contracts';
import { STATEMENTS_RECEIVED } from '#shared/store/upgrades';
import type { ServiceDeps } from './deps';

// Awardees late with a month's statement: the contracts in progress that month whose company
// has been invited (it has contacts, so it declares its own hours) and for which no statement
// has come. The reminders (services/reminders.ts) and the monthly report read them here,
// apart from the mail code, which the API's bundle does not need.
//
// What it reads is what it reports on: the contracts running that month, the contacts of
// their companies, and the "statement received" items of that month (one per statement and
// contract-month that counts, kept by the statements' transitions) — not the statements. Data
// of an earlier version lacks those items until its upgrade has run (shared/store/upgrades.ts):
// until then, every statement sent within the year after the month is read, as before.

export interface LateCompany {
  siren: string;
  contacts: AwardeeContact[];
  contracts: ContractRecord[];
}

export interface MissingStatementsOptions {
  /** The contracts running in the month's year, when the caller has read them already. */
  running?: readonly ContractRecord[] | undefined;
  /**
   * `structure` (the default): every contact and the month's items, a query each — the full
   * report, the reminders. `contracts`: only those of the contracts given, a query per company
   * and per contract — one PLIE's report, which reads a few contracts of a large structure.
   */
  reading?: 'structure' | 'contracts';
}

/** Look-ups in flight at once when reading contract by contract. */
const READS_AT_ONCE = 16;

/** The contracts whose statement for `month` is missing, company by company. */
export async function missingStatements(
  deps: ServiceDeps,
  month: YearMonth,
  options: MissingStatementsOptions = {},
): Promise<LateCompany[]> {
  return (await deps.stores.settings.done(STATEMENTS_RECEIVED))
    ? missingFromReceived(deps, month, options)
    : missingFromStatements(deps, month, options.running);
}

/** From the "statement received" items of the month. */
export async function missingFromReceived(
  deps: ServiceDeps,
  month: YearMonth,
  options: MissingStatementsOptions = {},
): Promise<LateCompany[]> {
  const { stores } = deps;
  const running = options.running ?? (await stores.contracts.all({ activeIn: yearOf(month) }));
  const inMonth = running.filter((c) => isMonthInPeriod(month, c.startsOn, c.endsOn));
  const oneByOne = options.reading === 'contracts';
  const limit = limiter(READS_AT_ONCE);
  const contacts = oneByOne
    ? (
        await Promise.all(
          [...new Set(inMonth.flatMap(holderSirens))].map((siren) =>
            limit(() => stores.awardeeContacts.ofCompany(siren)),
          ),
        )
      ).flat()
    : await stores.awardeeContacts.all();
  const bySiren = groupBy(contacts, (contact) => contact.siren);
  const invited = inMonth.filter((c) => holderSirens(c).some((siren) => bySiren.has(siren)));
  if (!invited.length) return [];
  const marks = oneByOne
    ? (
        await Promise.all(
          [...new Set(invited.map((c) => c.reference))].map((reference) =>
            limit(() => stores.received.ofReference(month, reference)),
          ),
        )
      ).flat()
    : await stores.received.ofMonth(month);
  const byReference = groupBy<ReceivedMark>(marks, (mark) => mark.reference);
  return lateCompanies(
    invited,
    bySiren,
    (contract) => !receivedFromMarks(byReference.get(contract.reference) ?? [], contract),
  );
}

/**
 * From the statements themselves, as before the items existed: every statement sent within
 * the year after the month. What an upgraded deployment reads until its upgrade has run.
 */
export async function missingFromStatements(
  deps: ServiceDeps,
  month: YearMonth,
  runningInYear?: readonly ContractRecord[],
): Promise<LateCompany[]> {
  const { stores } = deps;
  const [contacts, running, statements] = await Promise.all([
    stores.awardeeContacts.all(),
    runningInYear ?? stores.contracts.all({ activeIn: yearOf(month) }),
    // A month's statements are sent once it has ended, and within the year that follows: the
    // window keeps a report of a month long past from reading every statement sent since.
    stores.statementLists.sentBetween(
      `${addMonthsToMonth(month, 1)}-01`,
      `${addMonthsToMonth(month, 13)}-01`,
    ),
  ]);
  const bySiren = groupBy(contacts, (contact) => contact.siren);
  return lateCompanies(
    running.filter((c) => isMonthInPeriod(month, c.startsOn, c.endsOn)),
    bySiren,
    (contract) => !statementReceived(statements, contract, month),
  );
}

/** The invited companies of the contracts `missing` says are late, each with its contracts. */
function lateCompanies(
  contracts: readonly ContractRecord[],
  bySiren: ReadonlyMap<string, AwardeeContact[]>,
  missing: (contract: ContractRecord) => boolean,
): LateCompany[] {
  const late = new Map<string, LateCompany>();
  for (const contract of contracts) {
    const invited = holderSirens(contract).filter((siren) => bySiren.has(siren));
    if (!invited.length || !missing(contract)) continue;
    for (const siren of invited) {
      const company = late.get(siren) ?? {
        siren,
        contacts: bySiren.get(siren) ?? [],
        contracts: [],
      };
      company.contracts.push(contract);
      late.set(siren, company);
    }
  }
  return [...late.values()];
}

function groupBy<T>(values: readonly T[], keyOf: (value: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const value of values) {
    const key = keyOf(value);
    const group = groups.get(key);
    if (group) group.push(value);
    else groups.set(key, [value]);
  }
  return groups;
}
