import {
  concernsPlie,
  contractSplit,
  listedForPlie,
  type PlieTerritory,
} from '#shared/domain/allocation';
import { type ContractTerms, termsOn } from '#shared/domain/amendments';
import { lastDayOf, monthNumberOf, yearOf } from '#shared/domain/calendar';
import { addHours, progress, sumHours } from '#shared/domain/hours';
import { paceOn } from '#shared/domain/pace';
import { activeInYear } from '#shared/domain/plies';
import type { ContractRecord } from '#shared/store/contracts';
import type { ReportData } from './data';
import type { MonthlyReport } from './model';

// The report's rows of contracts: each contract's hours of the month, of the year and to date,
// against its target on the terms in force at the month's end — in a PLIE's report, the PLIE's
// own hours against its part of the target.

/** Said on a contract's row when its awardee has not declared the month. */
export const STATEMENT_MISSING = 'Relevé du titulaire non reçu';

/** The PLIE's part of a contract's target: all of it, or its share of the key. */
function allottedTo(
  contract: ContractRecord,
  terms: ContractTerms,
  plieId: string,
  data: ReportData,
): { hours: number | null; note: string | null } {
  const year = yearOf(contract.notifiedOn);
  const criteria = data.criteria.get(year);
  const split = contractSplit({
    targetHours: terms.targetHours,
    allocation: terms.allocation,
    notificationYear: year,
    plies: activeInYear(data.plies, year),
    criteria: criteria?.plies ?? [],
    weights: criteria?.weights ?? null,
    frozen: contract.allocationKey,
  });
  if (!split.ok) return { hours: null, note: split.issue };
  return {
    hours: split.allotted.get(plieId) ?? 0,
    note: split.shared ? 'Marché partagé : part du PLIE' : null,
  };
}

/**
 * The contracts of the report, by reference: every contract for the full report (`reader`
 * null), or those listed for the PLIE whose report it is.
 */
export function contractRows(
  data: ReportData,
  reader: PlieTerritory | null,
): MonthlyReport['contracts'] {
  const { month } = data;
  const monthIndex = monthNumberOf(month) - 1;
  const asOf = lastDayOf(month);
  const plieId = reader?.id ?? null;
  const inScope = (id: string) => plieId === null || id === plieId;

  // Hours per contract (in scope: only the PLIE's own hours).
  const monthHours = new Map<string, number>();
  const ytdHours = new Map<string, number>();
  for (const total of data.yearTotals) {
    if (!inScope(total.plieId)) continue;
    const ytd = sumHours(total.months.slice(0, monthIndex + 1));
    monthHours.set(
      total.contractId,
      addHours(monthHours.get(total.contractId) ?? 0, total.months[monthIndex] ?? 0),
    );
    ytdHours.set(total.contractId, addHours(ytdHours.get(total.contractId) ?? 0, ytd));
  }
  const later = new Map<string, number>();
  for (const entry of data.laterHours) {
    if (!inScope(entry.plieId)) continue;
    later.set(entry.contractId, addHours(later.get(entry.contractId) ?? 0, entry.hours));
  }

  // A PLIE's report lists the contracts listedForPlie says (shared/domain/allocation.ts).
  const withPlieHours = new Set(
    data.yearTotals.filter((t) => plieId !== null && t.plieId === plieId).map((t) => t.contractId),
  );
  return data.contracts
    .filter((c) => reader === null || listedForPlie(c.allocation, reader, withPlieHours.has(c.id)))
    .map((contract) => {
      // The terms in force at the month's end: an amendment counts from its date.
      const terms = termsOn(contract, asOf);
      const { hours: target, note } = reader
        ? concernsPlie(terms.allocation, reader)
          ? allottedTo(contract, terms, reader.id, data)
          : { hours: null, note: 'Heures saisies avant un changement de répartition' }
        : { hours: terms.targetHours, note: terms.allocation ? null : 'PLIE à désigner' };
      const lifetime = plieId
        ? (data.plieLifetime.get(`${contract.id}#${plieId}`) ?? 0)
        : contract.hoursLogged;
      const pace = paceOn({
        contract,
        judgedOn: asOf,
        hoursLogged: lifetime,
        hoursLater: later.get(contract.id) ?? 0,
        // A PLIE's part of the target, split above from the same day's terms.
        share: reader ? { targetHours: target } : undefined,
      });
      return {
        id: contract.id,
        reference: contract.reference,
        title: contract.title,
        targetHours: pace.targetHours,
        hoursMonth: monthHours.get(contract.id) ?? 0,
        hoursYearToDate: ytdHours.get(contract.id) ?? 0,
        hoursToDate: pace.hoursToDate,
        progress: progress(pace.hoursToDate, pace.targetHours),
        expectedHours: pace.expectedHours,
        behind: pace.behind,
        note: data.missingStatements?.has(contract.id)
          ? [note, STATEMENT_MISSING].filter(Boolean).join(' ; ')
          : note,
      };
    })
    .sort((a, b) => a.reference.localeCompare(b.reference, 'fr'));
}
