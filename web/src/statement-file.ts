import { parseCsv, type SheetRows } from '#shared/imports/csv';
import { isWorkbookFile } from '#shared/imports/file-types';
import { decodeText } from '#shared/imports/text';
import { readXlsx } from '#shared/imports/xlsx';
import { api } from './api';
import { h } from './dom';

// A monthly statement file in the page, for facilitators and awardees alike: read by the
// server's own readers (CSV as French Excel writes it, or a workbook), and the template.

/** The file's table: a workbook's first sheet, or the CSV decoded (UTF-8 or Windows-1252). */
export async function readSheet(file: File): Promise<SheetRows> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  return isWorkbookFile(file) ? readXlsx(bytes) : parseCsv(decodeText(bytes));
}

/** The template is behind the bearer token: fetched, then saved from memory. */
export function templateLink(format: 'csv' | 'xlsx', label: string): HTMLElement {
  const button = h('button', { type: 'button', class: 'link', id: `template-${format}` }, label);
  button.addEventListener('click', async () => {
    const file = await api<Blob>('GET', `/api/statements/template?format=${format}`, undefined, {
      raw: 'blob',
    });
    const link = h('a', {
      href: URL.createObjectURL(file),
      download: `modele-releve-mensuel.${format}`,
    });
    link.click();
    URL.revokeObjectURL(link.href);
  });
  return button;
}
