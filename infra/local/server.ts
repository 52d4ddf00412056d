import { serve } from '@hono/node-server';
import { createApp } from '../../shared/http/app';
import { devTokenClaims } from '../../shared/http/auth';
import { readLocalConfig } from './config';
import { loadDemoData } from './demo-data';
import { openLocalStore } from './local-store';
import { devTokenSecret } from './secret';

// `npm start`: the whole product on one machine, with no AWS account.

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
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal} reçu : arrêt…`);
    await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
    await local.close();
    console.log('Arrêté proprement.');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    const { stores } = local;
    const secret = devTokenSecret(config.dataDir);
    const app = createApp({
      stores,
      authenticator: devTokenClaims(secret),
      devTokenSecret: secret,
    });

    if (config.demoData && (await stores.plies.list()).length === 0) {
      const { lines } = await loadDemoData({ stores, now: () => new Date() });
      console.log(
        `Données de démonstration chargées : 6 PLIE, 6 marchés, ${lines} lignes d’heures.`,
      );
    } else if (local.createdTable) {
      console.log(`Table ${config.tableName} créée, vide.`);
    }

    server = serve({ fetch: app.fetch, port: config.port });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`clause-tracker prêt en ${seconds} s : http://localhost:${config.port}/`);
    console.log(`  Référence de l’API : http://localhost:${config.port}/docs`);
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
