import { reconcile } from '#shared/store/reconcile';
import { readLocalConfig } from './config';
import { openLocalStore } from './local-store';

// `npm run reconcile`: recomputes every total from the hour lines; exit 1 on any difference.

async function main(): Promise<number> {
  const config = readLocalConfig();
  const local = await openLocalStore(config);
  try {
    const report = await reconcile(local.doc, config.tableName);
    console.log(
      `${report.lines} lignes (${report.activeLines} actives), ${report.totalsChecked} totaux vérifiés.`,
    );
    if (report.differences.length === 0) {
      console.log('Tous les totaux sont égaux à la somme de leurs lignes.');
      return 0;
    }
    console.log(`${report.differences.length} écart(s) :`);
    for (const d of report.differences) {
      console.log(
        `  ${d.total} ${d.key} ${d.attribute} : stocké ${d.stored}, attendu ${d.expected}`,
      );
    }
    return 1;
  } finally {
    await local.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
