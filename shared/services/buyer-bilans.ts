import type { Bilan } from '#shared/domain/bilan';
import { yearMonth } from '#shared/domain/calendar';
import { NotFoundError } from '#shared/errors';
import { composeBilanMessage } from '#shared/mail/bilan-message';
import type { MailSender } from '#shared/mail/senders';
import { yearlyBilan } from './bilans';
import type { ServiceDeps } from './deps';
import { type OnceSummary, sendEachOnce } from './exactly-once';
import { ownTenant } from './tenants';

// Every January each buyer with an address receives its bilan of the year that ended: the run
// of December's report (the schedule's first run in January) sends them, one structure a job,
// exactly once per buyer and recipient (services/exactly-once.ts, under the month YYYY-12 and
// the scope `bilan-<SIRET>`): a retried job sends only what is missing.

/** The report month whose run sends the buyers' bilans of its year: December's, in January. */
export const bilanYearOfReportMonth = (month: string): number | null =>
  month.endsWith('-12') ? Number(month.slice(0, 4)) : null;

export interface BuyerBilanSummary extends OnceSummary {
  year: number;
  /** Buyers with addresses that had no contract running, nor hours, that year: nothing sent. */
  skipped: { siret: string; reason: string }[];
}

export async function deliverBuyerBilans(
  deps: ServiceDeps,
  options: {
    year: number;
    sender: MailSender;
    from: string;
    force?: boolean | undefined;
    log?: ((event: string, details: Record<string, unknown>) => void) | undefined;
  },
): Promise<BuyerBilanSummary> {
  const { year } = options;
  const log = options.log ?? (() => {});
  const [buyers, structure] = await Promise.all([
    deps.stores.buyerContacts.list(),
    ownTenant(deps),
  ]);
  const skipped: BuyerBilanSummary['skipped'] = [];
  const messages = [];
  for (const buyer of buyers) {
    let bilan: Bilan;
    try {
      bilan = await yearlyBilan(deps, year, { buyerSiret: buyer.siret, plieId: null });
    } catch (error) {
      // Its contracts were deleted since its addresses were recorded: nothing to tell.
      if (!(error instanceof NotFoundError)) throw error;
      skipped.push({ siret: buyer.siret, reason: 'aucun marché' });
      continue;
    }
    if (bilan.contracts.rows.length === 0) {
      skipped.push({ siret: buyer.siret, reason: `aucun marché en cours en ${year}` });
      log('bilan-skipped', { year, siret: buyer.siret });
      continue;
    }
    for (const recipient of buyer.emails) {
      messages.push({
        recipient,
        scope: `bilan-${buyer.siret}`,
        compose: () =>
          composeBilanMessage({
            from: options.from,
            to: recipient,
            bilan,
            structure: structure.name,
            at: deps.now(),
          }),
      });
    }
  }
  const sent = await sendEachOnce(
    deps,
    {
      month: yearMonth(year, 12),
      sender: options.sender,
      from: options.from,
      force: options.force,
      kind: 'bilan',
      log,
    },
    messages,
  );
  return { year, skipped, ...sent };
}
