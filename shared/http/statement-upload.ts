import type { Context } from 'hono';
import { UnsupportedMediaTypeError } from '#shared/errors';
import { XLSX_TYPE } from '#shared/imports/file-types';
import { decodeText } from '#shared/imports/text';
import type { StatementFile } from '#shared/services/statements';

export { XLSX_TYPE };

/** The content types a CSV arrives with, depending on the browser and the system. */
export const CSV_TYPES = ['text/csv', 'text/plain', 'application/csv', 'application/vnd.ms-excel'];

/** A zip file's first bytes: what an .xlsx sent as `application/octet-stream` starts with. */
const isZip = (bytes: Uint8Array) =>
  bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

/** The uploaded statement: a workbook by its type (or its bytes), or CSV text in any encoding. */
export async function statementFileOf(c: Context): Promise<StatementFile> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (type === XLSX_TYPE || (type === 'application/octet-stream' && isZip(bytes))) {
    return { xlsx: bytes };
  }
  if (!CSV_TYPES.includes(type)) {
    throw new UnsupportedMediaTypeError(
      'Envoyez le relevé en CSV (text/csv) ou en classeur Excel (.xlsx).',
    );
  }
  return decodeText(bytes);
}
