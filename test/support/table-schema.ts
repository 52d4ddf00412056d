import { parseCsv } from '#shared/imports/csv';

// A CSV read against its Table Schema (Frictionless Data, v1), as a data portal's validator
// would: the header names the fields in order; each cell is a missing value or reads as its
// field's type (year, integer, number with a decimal point, boolean by its true and false
// values, string); the constraints hold (required, enum, minimum); the primary key is unique.
// Independent of the code that wrote both files: what it finds wrong is a published defect.

interface Field {
  name: string;
  title?: string;
  type: string;
  description?: string;
  unit?: string;
  constraints?: { required?: boolean; enum?: string[]; minimum?: number };
  trueValues?: string[];
  falseValues?: string[];
}

export interface TableSchema {
  fields: Field[];
  missingValues?: string[];
  primaryKey?: string | string[];
}

export type Cell = string | number | boolean | null;

/** The CSV's rows as typed records; throws on the first cell, header or key that breaks it. */
export function readWithSchema(csv: string, schema: TableSchema): Record<string, Cell>[] {
  const document = parseCsv(csv);
  if (document.delimiter !== ',') throw new Error('Not comma-separated');
  const names = schema.fields.map((f) => f.name);
  if (JSON.stringify(document.header) !== JSON.stringify(names)) {
    throw new Error(`Header ${document.header.join(',')} ≠ fields ${names.join(',')}`);
  }
  const missing = new Set(schema.missingValues ?? ['']);
  const keys = new Set<string>();
  return document.rows.map((row) => {
    if (row.fields.length !== names.length) {
      throw new Error(`Line ${row.line}: ${row.fields.length} cells for ${names.length} fields`);
    }
    const record: Record<string, Cell> = {};
    schema.fields.forEach((field, i) => {
      const raw = row.fields[i] as string;
      const where = `line ${row.line}, ${field.name} = ${JSON.stringify(raw)}`;
      if (missing.has(raw)) {
        if (field.constraints?.required) throw new Error(`${where}: required`);
        record[field.name] = null;
        return;
      }
      const value = cast(field, raw);
      if (value === undefined) throw new Error(`${where}: not a ${field.type}`);
      const { enum: allowed, minimum } = field.constraints ?? {};
      if (allowed && !allowed.includes(String(value))) throw new Error(`${where}: not in enum`);
      if (minimum !== undefined && typeof value === 'number' && value < minimum)
        throw new Error(`${where}: under ${minimum}`);
      record[field.name] = value;
    });
    const key = [schema.primaryKey ?? []].flat().map((name) => String(record[name]));
    if (key.length) {
      if (keys.has(key.join('\u0000'))) throw new Error(`Line ${row.line}: primary key repeated`);
      keys.add(key.join('\u0000'));
    }
    return record;
  });
}

function cast(field: Field, raw: string): Cell | undefined {
  switch (field.type) {
    case 'string':
      return raw;
    case 'year':
      return /^\d{4}$/.test(raw) ? Number(raw) : undefined;
    case 'integer':
      return /^-?\d+$/.test(raw) ? Number(raw) : undefined;
    case 'number':
      return /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : undefined;
    case 'boolean':
      if ((field.trueValues ?? ['true', 'True', 'TRUE', '1']).includes(raw)) return true;
      if ((field.falseValues ?? ['false', 'False', 'FALSE', '0']).includes(raw)) return false;
      return undefined;
    default:
      return undefined;
  }
}
