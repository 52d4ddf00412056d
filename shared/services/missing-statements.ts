import { holderSirens, statementReceived } from '#shared/domain/awardees';
import { addMonthsToMonth, type YearMonth, yearOf } from '#shared/domain/calendar';
import { isMonthInPeriod } from '#shared/domain/hours';
import type { AwardeeContact } from '#shared/store/awardee-contacts';
import type { ContractRecord } from '#shared/store/contracts';
import type { ServiceDeps } from './deps';

// Awardees late with a month's statement: the contracts in progress that month whose company
// has been invited (it has contacts, so it declares its own hours) and for which no statement
// has come. The reminders (services/reminders.ts) and the monthly report read them here,
// apart from the mail code, which the API's bundle does not need.

export interface LateCompany {
  siren: string;
  contacts: AwardeeContact[];
  contracts: ContractRecord[];
}

/** The contracts whose statement for `month` is missing, company by company. */
export async function missingStatements(
  deps: ServiceDeps,
  month: YearMonth,
  /** The contracts running in the month's year, when the caller has read them already. */
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
  const bySiren = new Map<string, AwardeeContact[]>();
  for (const contact of contacts)
    bySiren.set(contact.siren, [...(bySiren.get(contact.siren) ?? []), contact]);
  const late = new Map<string, LateCompany>();
  for (const contract of running) {
    if (!isMonthInPeriod(month, contract.startsOn, contract.endsOn)) continue;
    const invited = holderSirens(contract).filter((siren) => bySiren.has(siren));
    if (!invited.length || statementReceived(statements, contract, month)) continue;
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
