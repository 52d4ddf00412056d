import { createHash } from 'node:crypto';
import type { Identity } from '#shared/domain/access';
import { type HourLine, newLine } from '#shared/domain/hours';
import { ConflictError, type LineError, StatementError } from '#shared/errors';
import { readStatement, STATEMENT_COLUMN_OF } from '#shared/imports/statement';
import { LineRejectedError } from '#shared/store/hours';
import { type ServiceDeps, writeContext } from './deps';
import { checkLines } from './line-checks';

/**
 * A line's id is derived from what it says (and how many identical lines precede it in the
 * file): posting a statement again, whole or after a crash, finds its lines already stored.
 */
function lineId(line: HourLine, occurrence: number): string {
  const digest = createHash('sha256')
    .update(
      JSON.stringify([
        line.contractId,
        line.plieId,
        line.participantId,
        line.month,
        line.hours,
        line.mode,
        occurrence,
      ]),
    )
    .digest('hex');
  return `S${digest.slice(0, 31).toUpperCase()}`;
}

/**
 * Imports a monthly statement: every line is checked first, and any error refuses the whole
 * file (422, every error with its line and column); otherwise every line is imported.
 */
export async function importStatement(
  deps: ServiceDeps,
  actor: Identity,
  csv: string,
): Promise<{ imported: number; alreadyImported: number; lines: number }> {
  const { lines, errors } = readStatement(csv);
  const checked = await checkLines(
    deps,
    lines.map((line) => ({
      contract: { reference: line.contractReference },
      plieId: line.plieId,
      participant: line.participantRef ? { ref: line.participantRef } : null,
      month: line.month,
      hours: line.hours,
    })),
  );
  const allErrors: LineError[] = [...errors];
  checked.forEach((result, i) => {
    if (result.ok) return;
    const { line } = lines[i] as (typeof lines)[number];
    for (const problem of result.problems) {
      allErrors.push({
        line,
        column: STATEMENT_COLUMN_OF[problem.field],
        message: problem.message,
      });
    }
  });
  if (allErrors.length) {
    allErrors.sort((a, b) => a.line - b.line || a.column.localeCompare(b.column));
    throw new StatementError(
      `Le relevé n’a pas été importé : ${allErrors.length} erreur(s) à corriger, aucune ligne enregistrée.`,
      allErrors,
    );
  }

  const context = writeContext(deps, actor);
  const seen = new Map<string, number>();
  const records = lines.map((line, i) => {
    const found = checked[i] as Extract<(typeof checked)[number], { ok: true }>;
    const record = newLine(
      '',
      { ...line, contractId: found.contract.id, participantId: found.participantId },
      { at: context.at, by: actor.sub },
      'statement',
    );
    const content = lineId(record, 0);
    const occurrence = seen.get(content) ?? 0;
    seen.set(content, occurrence + 1);
    record.id = occurrence === 0 ? content : lineId(record, occurrence);
    return record;
  });
  let result: { imported: number; alreadyImported: number };
  try {
    result = await deps.stores.hours.importLines(records, context);
  } catch (error) {
    if (error instanceof LineRejectedError) {
      throw new ConflictError(
        'Des heures ont été saisies pendant l’import pour les mêmes personnes : postez le relevé à nouveau (les lignes déjà importées ne seront pas comptées deux fois).',
      );
    }
    throw error;
  }
  return { ...result, lines: records.length };
}
