// How an uploaded statement announces itself, for the API and the pages alike.

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A file the user picked is a workbook by its type or, when the system gives none, its name. */
export const isWorkbookFile = (file: { type: string; name: string }) =>
  file.type === XLSX_TYPE || /\.xlsx$/i.test(file.name);

/** The content type to send a picked statement file with. */
export const statementContentType = (file: { type: string; name: string }) =>
  isWorkbookFile(file) ? XLSX_TYPE : 'text/csv';

/**
 * From this size the pages send a file straight to storage (POST /api/imports, then PUT): an
 * import request through API Gateway and Lambda holds 5 MB at most.
 */
export const DIRECT_UPLOAD_FROM_BYTES = 4 * 1024 * 1024;
