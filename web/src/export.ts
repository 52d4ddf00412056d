import { readFrenchNumber } from '#shared/domain/format';
import { writeXlsx } from '#shared/imports/xlsx-write';
import { csvNumber, csvText } from '#shared/report/render-csv';
import { h } from './dom';

// Every table of the pages can leave as a spreadsheet: CSV the way the report writes it (`;`,
// decimal commas, a byte order mark for Excel, text that starts like a formula neutralised) or
// a workbook. Headers are French, as on the page; numbers stay numbers.

export type Cell = string | number | null;

export interface Export {
  /** The file's name without extension, e.g. `marches-2026`. */
  name: string;
  headers: string[];
  /** The rows, read when a button is pressed (a promise: rows still to be fetched, e.g. every page). */
  rows: () => Cell[][] | Promise<Cell[][]>;
  /** What the buttons export, for screen readers when a page has several tables. */
  label?: string;
}

export function toCsv(headers: string[], rows: Cell[][]): string {
  const line = (cells: Cell[]) =>
    cells
      .map((cell) =>
        typeof cell === 'number' ? csvNumber(cell) : cell === null ? '' : csvText(cell),
      )
      .join(';');
  return `\uFEFF${[line(headers), ...rows.map(line)].join('\r\n')}\r\n`;
}

function save(blob: Blob, fileName: string): void {
  const link = h('a', { href: URL.createObjectURL(blob), download: fileName });
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

/** Two buttons, "CSV" and "Excel", that download the table as it is filtered now. */
export function exportButtons(table: Export): HTMLElement {
  const csv = async () =>
    save(
      new Blob([toCsv(table.headers, await table.rows())], { type: 'text/csv;charset=utf-8' }),
      `${table.name}.csv`,
    );
  const xlsx = async () => {
    const rows = (await table.rows()).map((row) => row.map((cell) => cell ?? ''));
    const bytes = writeXlsx([
      {
        name: table.name.slice(0, 31),
        rows: [table.headers, ...rows],
        widths: table.headers.map((header) => Math.max(12, header.length + 2)),
      },
    ]);
    save(
      new Blob([bytes as BlobPart], {
        type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      }),
      `${table.name}.xlsx`,
    );
  };
  return h(
    'div',
    { class: 'exports', role: 'group', 'aria-label': table.label ?? 'Exporter le tableau' },
    h('span', { class: 'muted' }, 'Exporter :'),
    h('button', { type: 'button', class: 'secondary small', onclick: csv }, 'CSV'),
    h('button', { type: 'button', class: 'secondary small', onclick: xlsx }, 'Excel (.xlsx)'),
  );
}

/**
 * The export of a table as the page shows it, read from the page when a button is pressed: for
 * the small tables whose rows are not kept elsewhere. Columns without a header (actions) stay
 * out; a number column's "1 234,5 h", "12 000,00 €" or "76,5 %" leaves as the number.
 */
export function exportShown(box: HTMLElement, name: string, label?: string): HTMLElement {
  const headerCells = () => [...box.querySelectorAll('thead th')];
  const kept = () =>
    headerCells()
      .map((th, i) => ({ i, text: (th.textContent ?? '').trim() }))
      .filter((c) => c.text);
  return exportButtons({
    name,
    ...(label ? { label } : {}),
    get headers() {
      return kept().map((c) => c.text);
    },
    rows: () =>
      [...box.querySelectorAll('tbody tr')].map((tr) => {
        const cells = [...tr.children];
        return kept().map(({ i }) => {
          const cell = cells[i];
          return cell ? shownValue(cell) : null;
        });
      }),
  });
}

function shownValue(cell: Element): Cell {
  // A cell whose words say more than its figure ("6 814,50 € (à fin novembre)") gives the figure.
  const value = cell.getAttribute('data-value');
  if (value !== null && value !== '' && Number.isFinite(Number(value))) return Number(value);
  const text = (cell.textContent ?? '').replace(/\s+/g, ' ').trim();
  if (!cell.classList.contains('num')) return text;
  return readFrenchNumber(text.replace(/\s*(h|€|%)$/u, '')) ?? text;
}

/** A table with its export buttons above it. */
export function withExport(box: HTMLElement, name: string, label?: string): HTMLElement[] {
  return [exportShown(box, name, label), box];
}
