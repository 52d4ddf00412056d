import type { YearMonth } from '#shared/domain/calendar';
import { buildReport } from '#shared/report/build';
import type { MonthlyReport } from '#shared/report/model';
import type { SentReport } from '#shared/store/deliveries';
import type { ServiceDeps } from './deps';
import { loadPlieReportData, loadReportData } from './report-data';

/** The month's report, for everyone (`plieId` null) or one PLIE. */
export async function monthlyReport(
  deps: ServiceDeps,
  month: YearMonth,
  plieId: string | null,
): Promise<MonthlyReport> {
  const data = plieId
    ? await loadPlieReportData(deps, month, plieId)
    : await loadReportData(deps, month);
  return buildReport(data, plieId);
}

/** The month's report as its audience (everyone, or a PLIE's coordinators) was sent it. */
export async function sentReport(
  deps: ServiceDeps,
  month: YearMonth,
  plieId: string | null,
): Promise<SentReport | null> {
  const scope = plieId === null ? 'all' : `plie-${plieId}`;
  const kept = await deps.stores.deliveries.sentReport(month, scope);
  if (kept) return kept;
  // Sent before e-mails were kept: when and to how many is still known, its HTML is not.
  const records = await deps.stores.deliveries.sentByRecords(month, scope);
  return records ? { month, scope, ...records, html: null } : null;
}
