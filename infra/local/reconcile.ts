import { STATEMENT_STATE_LABELS } from '#shared/domain/statement-lifecycle';
import { reconcile } from '#shared/store/reconcile';
import { readLocalConfig } from './config';
import { openLocalStore } from './local-store';

// `npm run reconcile`: recomputes every total from the hour lines, and checks the statements'
// lines and "statement received" items against their states; exit 1 on any difference.

async function main(): Promise<number> {
  const config = readLocalConfig();
  const local = await openLocalStore(config);
  try {
    const report = await reconcile(local.doc, config.tableName);
    console.log(
      `${report.lines} lignes (${report.activeLines} actives), ${report.totalsChecked} totaux vérifiés.`,
    );
    console.log(`${report.statementsChecked} relevés vérifiés.`);
    if (report.statementsInProgress.length) {
      console.log(
        `${report.statementsInProgress.length} relevé(s) en cours de changement (lignes en cours d’écriture) : ${report.statementsInProgress.join(', ')}`,
      );
    }
    for (const d of report.statementDifferences) {
      console.log(
        `  relevé ${d.statementId} (${STATEMENT_STATE_LABELS[d.status]}) : ${d.activeLines} ligne(s) active(s), attendu ${d.expected}`,
      );
    }
    console.log(`${report.receivedChecked} marques « relevé reçu » vérifiées.`);
    for (const d of report.receivedDifferences) {
      console.log(
        `  marque ${d.key} du relevé ${d.statementId} : ${d.problem === 'missing' ? 'absente' : 'en trop'}`,
      );
    }
    const otherDifferences = report.statementDifferences.length + report.receivedDifferences.length;
    if (report.differences.length === 0) {
      console.log('Tous les totaux sont égaux à la somme de leurs lignes.');
      return otherDifferences ? 1 : 0;
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
