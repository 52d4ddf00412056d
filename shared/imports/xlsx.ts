import { unzipSync } from 'fflate';
import { InvalidInputError } from '#shared/errors';
import type { CsvRow, SheetRows } from './csv';

// The first sheet of an Excel workbook (.xlsx, Office Open XML) as rows of text, the way the
// statement reader takes a CSV file. fflate unzips; the few XML parts a sheet needs are read
// here. Loaded only when a workbook is uploaded (see services/statements.ts).

/** A workbook part larger than this is not a monthly statement (and may be a zip bomb). */
const MAX_PART_BYTES = 200 * 1024 * 1024;

const unreadable = (why: string) =>
  new InvalidInputError(
    `Classeur Excel illisible : ${why}. Enregistrez-le au format .xlsx ou en CSV.`,
    [{ path: 'body', message: why }],
  );

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML text as written: entities and OOXML's `_x000D_` escapes decoded. */
function xmlText(raw: string): string {
  return raw
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] === '#') {
        const code =
          name[1] === 'x' || name[1] === 'X'
            ? Number.parseInt(name.slice(2), 16)
            : Number(name.slice(1));
        return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
      }
      return ENTITIES[name] ?? whole;
    })
    .replace(/_x([0-9a-f]{4})_/gi, (_, hex: string) =>
      String.fromCharCode(Number.parseInt(hex, 16)),
    );
}

const attribute = (attributes: string, name: string) =>
  new RegExp(`(?:^|\\s)${name}="([^"]*)"`).exec(attributes)?.[1];

/** The text of every `<t>` of a string item, phonetic runs aside. */
const runsText = (xml: string) =>
  [...xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '').matchAll(/<t\b[^>]*>([\s\S]*?)<\/t>/g)]
    .map((m) => xmlText(m[1] as string))
    .join('');

/** Excel's built-in number formats that show a date. */
const DATE_FORMAT_IDS = new Set([
  14,
  15,
  16,
  17,
  18,
  19,
  20,
  21,
  22,
  45,
  46,
  47,
  ...Array.from({ length: 10 }, (_, i) => 27 + i),
  ...Array.from({ length: 9 }, (_, i) => 50 + i),
]);

const isDateFormat = (code: string) => /[dmy]/i.test(code.replace(/"[^"]*"|\[[^\]]*\]|\\./g, ''));

/** For each cell style, whether it shows a date. */
function dateStyles(styles: string | undefined): boolean[] {
  if (!styles) return [];
  const custom = new Map<number, boolean>();
  for (const m of styles.matchAll(/<numFmt\b([^>]*)\/?>/g)) {
    const id = Number(attribute(m[1] as string, 'numFmtId'));
    custom.set(id, isDateFormat(xmlText(attribute(m[1] as string, 'formatCode') ?? '')));
  }
  const xfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(styles)?.[1] ?? '';
  return [...xfs.matchAll(/<xf\b([^>]*)/g)].map((m) => {
    const id = Number(attribute(m[1] as string, 'numFmtId') ?? 0);
    return custom.get(id) ?? DATE_FORMAT_IDS.has(id);
  });
}

/** A date cell's serial number as a calendar date (`2026-10-01`). */
function serialDate(serial: number, from1904: boolean): string {
  const days = Math.floor(serial) + (from1904 ? 1462 : 0);
  // Day 0 is 1899-12-30 (Excel counts 1900 as a leap year; dates after February 1900 agree).
  return new Date(Date.UTC(1899, 11, 30) + days * 86_400_000).toISOString().slice(0, 10);
}

/** A column's letters as its index: `A` → 0, `AA` → 26. */
function columnIndex(reference: string): number {
  const letters = /^[A-Z]+/i.exec(reference)?.[0].toUpperCase() ?? '';
  let index = 0;
  for (const letter of letters) index = index * 26 + (letter.charCodeAt(0) - 64);
  return index - 1;
}

/** A number as text, without the binary noise of a float (`35.5`, not `35.499999999999`). */
const numberText = (value: string) => {
  const number = Number(value);
  return Number.isFinite(number) ? String(Number(number.toPrecision(15))) : value;
};

function resolveTarget(target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  return `xl/${target}`.replace(/[^/]+\/\.\.\//g, '');
}

/** The first sheet of the workbook: its first non-empty row as header, the others as rows. */
export function readXlsx(bytes: Uint8Array): SheetRows {
  let parts: Record<string, Uint8Array>;
  try {
    parts = unzipSync(bytes, {
      filter: (file) => {
        if (file.originalSize > MAX_PART_BYTES)
          throw unreadable('une partie du classeur dépasse 200 Mo');
        return (
          (file.name.startsWith('xl/') && file.name.endsWith('.xml')) || file.name.endsWith('.rels')
        );
      },
    });
  } catch (error) {
    if (error instanceof InvalidInputError) throw error;
    throw unreadable("ce n'est pas un fichier .xlsx");
  }
  const text = (name: string) => {
    const part = parts[name];
    return part ? new TextDecoder().decode(part) : undefined;
  };
  const workbook = text('xl/workbook.xml');
  if (!workbook) throw unreadable('le classeur ne contient pas de feuille');
  const firstSheet = /<sheet\b([^>]*)\/?>/.exec(workbook)?.[1];
  const relationId = firstSheet && attribute(firstSheet, 'r:id');
  const relations = text('xl/_rels/workbook.xml.rels') ?? '';
  const target = [...relations.matchAll(/<Relationship\b([^>]*)\/?>/g)]
    .map((m) => m[1] as string)
    .find((r) => attribute(r, 'Id') === relationId);
  const sheet = target && text(resolveTarget(attribute(target, 'Target') ?? ''));
  if (!sheet) throw unreadable('la première feuille est introuvable');
  const from1904 = /<workbookPr\b[^>]*date1904="(1|true)"/.test(workbook);
  const shared = [
    ...(text('xl/sharedStrings.xml') ?? '').matchAll(/<si\b[^>]*>([\s\S]*?)<\/si>/g),
  ].map((m) => runsText(m[1] as string));
  const dates = dateStyles(text('xl/styles.xml'));

  const rows: CsvRow[] = [];
  for (const row of sheet.matchAll(/<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g)) {
    const fields: string[] = [];
    for (const cell of (row[2] ?? '').matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const attributes = cell[1] as string;
      const body = cell[2] ?? '';
      const reference = attribute(attributes, 'r');
      const index = reference ? columnIndex(reference) : fields.length;
      const type = attribute(attributes, 't') ?? 'n';
      const raw = /<v\b[^>]*>([\s\S]*?)<\/v>/.exec(body)?.[1];
      let value = '';
      if (type === 's') value = shared[Number(raw)] ?? '';
      else if (type === 'inlineStr') value = runsText(body);
      else if (type === 'b') value = raw === '1' ? 'VRAI' : 'FAUX';
      else if (raw !== undefined) {
        const style = Number(attribute(attributes, 's') ?? 0);
        value =
          type === 'n' && dates[style] && Number.isFinite(Number(raw))
            ? serialDate(Number(raw), from1904)
            : type === 'n'
              ? numberText(raw)
              : xmlText(raw);
      }
      while (fields.length < index) fields.push('');
      fields[index] = value;
    }
    if (fields.every((f) => f.trim() === '')) continue;
    const line = Number(attribute(row[1] as string, 'r')) || rows.length + 1;
    rows.push({ line, fields });
  }
  const [header, ...body] = rows;
  return { header: (header?.fields ?? []).map((name) => name.trim()), rows: body };
}
