import type { Bilan } from '#shared/domain/bilan';
import { writeXlsx } from '#shared/imports/xlsx-write';
import { bilanScopeName, bilanTables } from './bilan-tables';
import { csvNumber, csvText } from './render-csv';

// The bilan's two files: a CSV with one section per breakdown (the monthly report's
// conventions: `;`, decimal commas, a byte order mark, formulas neutralised) and a workbook with
// one sheet per breakdown.

export function bilanCsv(bilan: Bilan): string {
  const lines: string[][] = [
    [csvText(`Bilan annuel des clauses sociales — ${bilan.year}`), csvText(bilanScopeName(bilan))],
  ];
  for (const table of bilanTables(bilan)) {
    lines.push([], [csvText(table.sheet)], table.headers.map(csvText));
    for (const row of table.rows)
      lines.push(row.map((cell) => (typeof cell === 'number' ? csvNumber(cell) : csvText(cell))));
  }
  return `\uFEFF${lines.map((l) => l.join(';')).join('\r\n')}\r\n`;
}

export function bilanXlsx(bilan: Bilan): Uint8Array {
  return writeXlsx(
    bilanTables(bilan).map((table) => ({
      name: table.sheet,
      rows: [table.headers, ...table.rows],
      widths: table.headers.map((_, i) => (i === 0 ? 44 : 16)),
    })),
  );
}

/** `bilan-2025`, `bilan-2025-plie-graves`, `bilan-2025-acheteur-24330031600011`. */
export function bilanFileName(bilan: Bilan, extension: 'csv' | 'xlsx'): string {
  const parts = [
    `bilan-${bilan.year}`,
    bilan.scope.buyerSiret ? `acheteur-${bilan.scope.buyerSiret}` : null,
    bilan.scope.plieId ? `plie-${bilan.scope.plieId}` : null,
  ].filter(Boolean);
  return `${parts.join('-')}.${extension}`;
}
