import { isValidMonth, lastParisMonth } from '#shared/domain/calendar';
import { localScheduledJobs } from '#shared/jobs/local-schedule';
import { monthlyReportJobs } from '#shared/jobs/schedule-dispatch';
import { describeJob } from '#shared/jobs/scheduled-jobs';
import { DeliveryIncompleteError } from '#shared/services/report-delivery';
import { readLocalConfig } from './config';
import { openLocalStore } from './local-store';
import { localScheduledSetup, outcomeLines } from './scheduled';

// `npm run report -- YYYY-MM [--force]`: builds and "sends" the month's report of every
// structure into the outbox (one .eml per recipient under OUTBOX_DIR/YYYY-MM/, another
// structure's under OUTBOX_DIR/<structure>/YYYY-MM/), one job per structure as the deployed
// dispatcher queues them and run by the report function's code. Twice for a month sends
// nothing new; a structure that fails is tried again alone, and the command exits 1.

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
    let failures = 0;
    const queue = localScheduledJobs(
      local.registry,
      localScheduledSetup(config, () => new Date()),
      {
        onDone: (outcome) => console.log(outcomeLines(config, outcome).join('\n')),
        onFailure: (job, error) => {
          failures += 1;
          console.log(
            `ÉCHEC ${describeJob(job)} : ${error instanceof Error ? error.message : error}`,
          );
          if (error instanceof DeliveryIncompleteError) {
            for (const failed of error.summary.failed)
              console.log(`  ÉCHEC ${failed.scope} → ${failed.recipient} : ${failed.error}`);
          }
        },
      },
    );
    const jobs = await monthlyReportJobs(local.registry, month);
    await queue.enqueueAll(jobs.map((job) => ({ ...job, force })));
    await queue.idle();
    if (config.reportRecipients.length === 0) {
      console.log(
        'REPORT_RECIPIENTS est vide : seuls les coordinateurs de PLIE (et les destinataires choisis par chaque structure) reçoivent leur rapport.',
      );
    }
    return failures ? 1 : 0;
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
