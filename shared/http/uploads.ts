import type { Context } from 'hono';
import { UnsupportedMediaTypeError } from '#shared/errors';
import { XLSX_TYPE } from '#shared/imports/file-types';
import type { Upload } from '#shared/jobs/import-submission';

export { XLSX_TYPE };

/** The content types a CSV arrives with, depending on the browser and the system. */
export const CSV_TYPES = ['text/csv', 'text/plain', 'application/csv', 'application/vnd.ms-excel'];

/** A zip file's first bytes: what an .xlsx sent as `application/octet-stream` starts with. */
const isZip = (bytes: Uint8Array) =>
  bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

/** The file's name, when the page sends it (`X-File-Name`, URI-encoded). */
function fileNameOf(c: Context): string | null {
  const header = c.req.header('x-file-name');
  if (!header) return null;
  try {
    return decodeURIComponent(header).slice(0, 200);
  } catch {
    return null;
  }
}

/** The uploaded statement: a workbook by its type (or its bytes), or CSV in any encoding. */
export async function statementUploadOf(c: Context): Promise<Upload> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  const fileName = fileNameOf(c);
  if (type === XLSX_TYPE || (type === 'application/octet-stream' && isZip(bytes))) {
    return { format: 'xlsx', bytes, fileName };
  }
  if (!CSV_TYPES.includes(type)) {
    throw new UnsupportedMediaTypeError(
      'Envoyez le relevé en CSV (text/csv) ou en classeur Excel (.xlsx).',
    );
  }
  return { format: 'csv', bytes, fileName };
}

/** A DECP document's bytes, already read as JSON by the route's validation. */
export async function decpUploadOf(c: Context): Promise<Upload> {
  return {
    format: 'json',
    bytes: new Uint8Array(await c.req.arrayBuffer()),
    fileName: fileNameOf(c),
  };
}
