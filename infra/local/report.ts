import { isValidMonth, lastParisMonth } from '#shared/domain/calendar';
import { OutboxSender } from '#shared/mail/senders';
import { assertComplete, deliverMonthlyReports } from '#shared/services/report-delivery';
import { readLocalConfig } from './config';
import { openLocalStore } from './local-store';

// `npm run report -- YYYY-MM [--force]`: builds and "sends" the month's report into the outbox
// (one .eml per recipient under OUTBOX_DIR/YYYY-MM/). Twice for a month sends nothing new.

async function main(args: string[]): Promise<number> {
  const force = args.includes('--force');
  const monthArg = args.find((a) => !a.startsWith('--'));
  if (monthArg && !isValidMonth(monthArg)) {
    console.error(`Mois attendu au format AAAA-MM, reçu « ${monthArg} ».`);
    return 2;
  }
  const month = monthArg ?? lastParisMonth(new Date());
  const config = readLocalConfig();
  const local = await openLocalStore(config);
  try {
    const summary = await deliverMonthlyReports(
      { stores: local.stores, now: () => new Date() },
      {
        month,
        sender: new OutboxSender(config.outboxDir),
        from: config.reportSender,
        appUrl: config.appUrl,
        reportRecipients: config.reportRecipients,
        retentionYears: config.retentionYears,
        force,
      },
    );
    console.log(
      `Rapport ${month} : ${summary.sent.length} message(s) écrit(s) dans ${config.outboxDir}/${month}/, ${summary.alreadySent} déjà envoyé(s).`,
    );
    for (const sent of summary.sent)
      console.log(`  ${sent.scope} → ${sent.recipient} (${Math.round(sent.bytes / 1024)} Ko)`);
    for (const failed of summary.failed)
      console.log(`  ÉCHEC ${failed.scope} → ${failed.recipient} : ${failed.error}`);
    if (config.reportRecipients.length === 0) {
      console.log(
        'REPORT_RECIPIENTS est vide : seuls les coordinateurs de PLIE reçoivent leur rapport.',
      );
    }
    assertComplete(summary);
    return 0;
  } finally {
    await local.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
