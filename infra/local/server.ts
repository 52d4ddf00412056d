import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { createApp } from '#shared/http/app';
import { devTokenClaims } from '#shared/http/auth';
import { LOOPBACK_HOSTS } from '#shared/http/host-check';
import { localAdministratorInviter, localInviter } from '#shared/identity/inviters';
import { uploadsDir } from '#shared/jobs/folder-uploads';
import { resumeImportJobs } from '#shared/jobs/import-runner';
import { localImportJobs } from '#shared/jobs/local-jobs';
import { localScheduledJobs } from '#shared/jobs/local-schedule';
import { dailyJobs, monthlyReportJobs } from '#shared/jobs/schedule-dispatch';
import { settleInterruptedStatements } from '#shared/services/statement-changes';
import { forEachTenant } from '#shared/services/tenants';
import { buildWeb } from '../../web/build.mjs';
import { isLoopback, readLocalConfig } from './config';
import { openLocalStore } from './local-store';
import { scheduleDaily, scheduleMonthlyReports } from './schedule';
import { localScheduledSetup, outcomeLines } from './scheduled';
import { devTokenSecret } from './secret';

// `npm start`: the whole product on one machine, with no AWS account.

const LOCAL_MAX_IMPORT_BYTES = 100 * 1024 * 1024;

async function main() {
  const config = readLocalConfig();
  const started = Date.now();
  const local = await openLocalStore(config);
  console.log(
    local.dynamo.owned
      ? `DynamoDB Local démarré sur ${local.dynamo.endpoint} (données : ${config.dataDir}/dynamodb)`
      : `DynamoDB Local déjà en marche sur ${local.dynamo.endpoint} : réutilisé`,
  );

  let server: ReturnType<typeof serve> | undefined;
  let schedule: { stop(): void } | undefined;
  let reminders: { stop(): void } | undefined;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal} reçu : arrêt…`);
    schedule?.stop();
    reminders?.stop();
    await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
    await local.close();
    console.log('Arrêté proprement.');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    const { registry } = local;
    const now = () => new Date();
    const secret = devTokenSecret(config.dataDir);
    // The pages are built at each start, so that they always match the code.
    const pages = await buildWeb(join(config.dataDir, 'web'));
    // Big imports run as jobs in this process, their uploads under DATA_DIR/uploads.
    const imports = localImportJobs(registry, uploadsDir(config.dataDir));
    const app = createApp({
      stores: registry,
      authenticator: devTokenClaims(secret),
      devTokenSecret: secret,
      pages: { dir: pages.outdir, config: { mode: 'dev' } },
      imports,
      // No accounts locally: an invited awardee gets a sign-in link, printed here.
      inviter: localInviter(config.appUrl),
      // And a structure's administrator the operator invites, a link to sign in as one.
      adminInviter: localAdministratorInviter(config.appUrl),
      // No Lambda payload limit here: national DECP files are tens of MB.
      maxImportBytes: LOCAL_MAX_IMPORT_BYTES,
      // On the loopback, only the server's own names: a page re-pointing its name here (DNS
      // rebinding) is refused. Listening on the network (HOST), the user chose to be reached.
      allowedHosts: isLoopback(config.host)
        ? [...LOOPBACK_HOSTS, config.host, new URL(config.appUrl).hostname]
        : undefined,
    });
    // This process is the only one that writes: whatever it left under way, it left by stopping.
    // Each structure in turn.
    await forEachTenant(registry, async (stores, tenant) => {
      const settled = await settleInterruptedStatements({ stores, now }, 'all');
      if (settled.finished || settled.undone) {
        console.log(
          `${tenant.name} — relevés interrompus : ${settled.finished} retrait(s) terminé(s), ${settled.undone} remplacement(s) ou validation(s) annulé(s).`,
        );
      }
      // Then the jobs: one that was replacing a statement starts again from a whole statement.
      const resumed = await resumeImportJobs({ stores, now, imports });
      if (resumed) console.log(`${tenant.name} — ${resumed} import(s) interrompu(s) repris.`);
    });

    if (local.demoLines) {
      console.log(
        `Données de démonstration chargées : Bordeaux Métropole (6 PLIE, 8 marchés) et Grenoble-Alpes Métropole (1 PLIE, 2 marchés), ${local.demoLines} lignes d’heures.`,
      );
    } else if (local.createdTable) {
      console.log(`Table ${config.tableName} créée, vide.`);
    }

    // The schedules, as in AWS: the monthly report and the daily run fan out one job per
    // structure, run here by an in-process queue with the report function's own code (each
    // structure's messages to its outbox folder; REPORT_RECIPIENTS: the structure `default`'s).
    const scheduled = localScheduledJobs(registry, localScheduledSetup(config, now), {
      onDone: (outcome) => {
        const lines = outcomeLines(config, outcome);
        // A report run that wrote nothing (sent before) is not worth a line.
        if ('summary' in outcome ? outcome.summary.sent.length : lines.length) {
          console.log(lines.join('\n'));
        }
      },
    });
    schedule = scheduleMonthlyReports(async (month) => {
      await scheduled.enqueueAll(await monthlyReportJobs(registry, month));
    });
    // Awardees late with last month's statement, reminded once, on each structure's day.
    reminders = scheduleDaily(async () => {
      await scheduled.enqueueAll(await dailyJobs(registry, now()));
    });

    server = serve({ fetch: app.fetch, port: config.port, hostname: config.host });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const shown = isLoopback(config.host) ? 'localhost' : config.host;
    console.log(`clause-tracker prêt en ${seconds} s : http://${shown}:${config.port}/`);
    console.log(`  Référence de l’API : http://${shown}:${config.port}/docs`);
    if (!isLoopback(config.host)) {
      console.warn(
        `ATTENTION : le serveur écoute sur ${config.host}, joignable depuis le réseau. Les jetons locaux (POST /dev/token) y donnent à quiconque un accès administrateur aux participants : n’utilisez HOST que sur un réseau de confiance.`,
      );
    }
    console.log('  Jeton local : POST /dev/token {"role":"admin"} — Ctrl-C pour arrêter');
  } catch (error) {
    await local.close();
    throw error;
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
