import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readXlsx } from '#shared/imports/xlsx';
import { writeXlsx } from '#shared/imports/xlsx-write';
import { excelWorkbook } from '../support/excel';

const workbook = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../fixtures/xlsx/${name}`, import.meta.url)));

describe('reading the first sheet of a workbook', () => {
  it('reads dates in the 1904 system of a workbook Excel 2010 wrote', () => {
    // B4 holds 0 with a date style: 1 January 1904 in that system; B2 and B3 are styled blanks.
    expect(readXlsx(workbook('1904.xlsx'))).toEqual({ header: ['', '1904-01-01'], rows: [] });
  });

  it('reads shared strings and date cells of a workbook LibreOffice wrote', () => {
    expect(readXlsx(workbook('dateIssue.xlsx'))).toEqual({
      header: ['Date'],
      rows: [{ line: 2, fields: ['2020-11-20'] }],
    });
  });

  it('reads the cached values of formulas in a workbook Excel 2016 wrote', () => {
    const sheet = readXlsx(workbook('fibonacci.xlsx'));
    expect(sheet.header).toEqual(['1', '1']);
    expect(sheet.rows[8]).toEqual({ line: 10, fields: ['10', '55'] });
  });

  it('reads a statement in the shape Excel writes it: months as dates, hours as numbers', () => {
    const sheet = readXlsx(
      excelWorkbook([
        ['Relevé mensuel — octobre 2026', null, null, null, null, null],
        [],
        ['Référence du marché', 'PLIE', 'Participant', 'Mois', 'Heures', 'Modalité'],
        ['BM-1', 'bordeaux', null, { date: '2026-10-01', format: 'month' }, 35.5, 'GEIQ'],
        ['BM-1 & co', 'bordeaux', 'BX-1', { date: '2026-10-15', format: 'day' }, 0.1 + 0.2, 'x'],
      ]),
    );
    expect(sheet.header).toEqual(['Relevé mensuel — octobre 2026']);
    expect(sheet.rows).toEqual([
      {
        line: 3,
        fields: ['Référence du marché', 'PLIE', 'Participant', 'Mois', 'Heures', 'Modalité'],
      },
      { line: 4, fields: ['BM-1', 'bordeaux', '', '2026-10-01', '35.5', 'GEIQ'] },
      { line: 5, fields: ['BM-1 & co', 'bordeaux', 'BX-1', '2026-10-15', '0.3', 'x'] },
    ]);
  });

  it('reads back what the product writes, and refuses what is not a workbook', () => {
    const bytes = writeXlsx([
      {
        name: 'Relevé',
        rows: [
          ['a < b & c', 'Mois'],
          ['x', 35.5],
        ],
      },
    ]);
    expect(readXlsx(bytes)).toEqual({
      header: ['a < b & c', 'Mois'],
      rows: [{ line: 2, fields: ['x', '35.5'] }],
    });
    expect(() => readXlsx(new TextEncoder().encode('Référence;PLIE'))).toThrow(
      /pas un fichier \.xlsx/,
    );
  });
});
