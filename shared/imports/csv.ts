// A small RFC 4180 reader for the statements facilitators export from Excel or LibreOffice:
// `,` or `;` (read off the header line), quoted fields with doubled quotes, CRLF or LF, with or
// without a UTF-8 byte order mark.

export interface CsvRow {
  /** Line number in the file, the header being line 1. */
  line: number;
  fields: string[];
}

/** A table read from a file: its header as written, and its rows. */
export interface SheetRows {
  header: string[];
  rows: CsvRow[];
}

export interface CsvDocument extends SheetRows {
  delimiter: ',' | ';';
}

function detectDelimiter(firstLine: string): ',' | ';' {
  const count = (ch: string) => firstLine.split(ch).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

export function parseCsv(text: string): CsvDocument {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const firstLineEnd = body.search(/\r?\n/);
  const delimiter = detectDelimiter(firstLineEnd === -1 ? body : body.slice(0, firstLineEnd));
  const records: CsvRow[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const endRecord = () => {
    fields.push(field);
    // A line with nothing on it (a trailing newline, a blank line) is not a record.
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
    fields = [];
    field = '';
  };
  while (i < body.length) {
    const ch = body[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (body[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        if (ch === '\n') line += 1;
        field += ch;
      }
      i += 1;
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) {
      fields.push(field);
      field = '';
    } else if (ch === '\r' && body[i + 1] === '\n') {
      i += 1;
      continue;
    } else if (ch === '\n') {
      endRecord();
      line += 1;
      recordLine = line;
    } else field += ch;
    i += 1;
  }
  if (field !== '' || fields.length > 0) endRecord();
  const [header, ...rows] = records;
  return {
    delimiter,
    header: (header?.fields ?? []).map((name) => name.trim()),
    rows,
  };
}
