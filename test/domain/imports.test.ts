import { describe, expect, it } from 'vitest';
import { parseCsv } from '#shared/imports/csv';
import { contractFromDecp, decpEnvelope } from '#shared/imports/decp';
import { readStatement } from '#shared/imports/statement';
import { decpFixture, REAL_DECP_RECORD } from '../fixtures/decp/records';

const fixture = decpFixture;

describe('CSV reading', () => {
  it('reads `,` or `;`, a BOM, CRLF, quotes with doubled quotes and embedded separators', () => {
    const doc = parseCsv('\uFEFFa;b;c\r\n1;"x;y";"say ""hi"""\r\n\r\n2;;3\r\n');
    expect(doc.delimiter).toBe(';');
    expect(doc.header).toEqual(['a', 'b', 'c']);
    expect(doc.rows).toEqual([
      { line: 2, fields: ['1', 'x;y', 'say "hi"'] },
      { line: 4, fields: ['2', '', '3'] },
    ]);
    expect(parseCsv('a,b\n"1,5",2').rows[0]?.fields).toEqual(['1,5', '2']);
  });
});

describe('monthly statement', () => {
  const header = 'contract_reference;plie_id;participant_ref;month;hours;mode';
  it('takes decimal commas and columns in any order', () => {
    const { lines, errors } = readStatement(
      `${header}\nBM-1;bordeaux;BX-1;2025-10;35,5;direct-hire`,
    );
    expect(errors).toEqual([]);
    expect(lines[0]).toMatchObject({ line: 2, hours: 35.5, participantRef: 'BX-1' });
    const shuffled = readStatement(
      'mode,hours,month,participant_ref,plie_id,contract_reference\ngeiq,"7,25",2025-10,,graves,BM-2',
    );
    expect(shuffled.lines[0]).toMatchObject({
      contractReference: 'BM-2',
      hours: 7.25,
      participantRef: null,
      mode: 'geiq',
    });
  });

  it('names every bad cell with its line and column', () => {
    const { errors } = readStatement(
      [
        header,
        'BM-1;bordeaux;;2025-13;35;direct-hire',
        'BM-1;Bordeaux Sud;;2025-10;7,125;volunteering',
        'BM-1;bordeaux;;2025-10',
        'BM-1;bordeaux;;2025-10;1;geiq;extra;cells',
      ].join('\n'),
    );
    // Columns are named by their header as written in the file. A PLIE is named as people
    // write it ("Bordeaux Sud"): the service looks it up among the structure's PLIEs.
    expect(errors.map((e) => [e.line, e.column])).toEqual([
      [2, 'month'],
      [3, 'hours'],
      [3, 'mode'],
      [4, 'hours'],
      [4, 'mode'],
      [5, 'contract_reference'],
    ]);
    expect(errors[0]?.message).toContain('Mois illisible : « 2025-13 »');
    expect(errors[2]?.message).toContain('Embauche directe');
  });

  it('reads hours to the hundredth, as payslips give them, and no finer', () => {
    const { lines, errors } = readStatement(
      [
        header,
        'BM-1;bordeaux;;2025-10;151,67;direct-hire',
        'BM-1;bordeaux;;2025-10;7,125;geiq',
      ].join('\n'),
    );
    expect(lines.map((l) => l.hours)).toEqual([151.67]);
    expect(errors).toEqual([
      expect.objectContaining({
        line: 3,
        column: 'hours',
        message: expect.stringContaining('centième'),
      }),
    ]);
  });

  it('reads a statement as French offices write it', () => {
    const { lines, errors, headers } = readStatement(
      [
        'Reference du marché;Plie;PARTICIPANT;Mois;Heures;Modalité',
        'BM-1;bordeaux;BX-1;10/2026;35,5;Embauche directe',
        'BM-1;Bordeaux;BX-2;01/10/2026;1\u00a0234,5;Intérim d’insertion (ETTI)',
        'BM-1;bordeaux;;oct-26;7;mise à disposition geiq',
        'BM-1;bordeaux;;oct. 2026;7;GEIQ',
        'BM-1;bordeaux;;Octobre 2026;7;training',
      ].join('\r\n'),
    );
    expect(headers.contract).toBe('Reference du marché');
    expect(lines.map((l) => [l.month, l.mode])).toEqual([
      ['2026-10', 'direct-hire'],
      ['2026-10', 'geiq'],
      ['2026-10', 'geiq'],
      ['2026-10', 'training'],
    ]);
    // 1 234,5 h is read as a number, then refused by the 250 h rule, in the file's words.
    expect(errors).toEqual([
      { line: 3, column: 'Heures', message: expect.stringContaining('250') },
    ]);
  });

  it('names a missing header column', () => {
    const { errors } = readStatement(
      'contract_reference;plie_id;month;hours;mode\nBM-1;bordeaux;2025-10;3;geiq',
    );
    expect(errors).toEqual([
      expect.objectContaining({
        line: 1,
        column: 'Participant',
        message: expect.stringContaining('absente'),
      }),
    ]);
  });
});

describe('DECP records', () => {
  const real = REAL_DECP_RECORD;

  it('reads the real record of domain.md, inventing no name the 2024 format does not give', () => {
    const read = contractFromDecp(real);
    expect(read).toEqual({
      repairs: [],
      contract: {
        reference: '202207LOT03',
        title: 'Rénovation de la petite salle du préau-Gros ouvre-carrelage',
        buyer: { name: '', siret: '21500222100012' },
        awardee: { name: '', siret: '91824625700011' },
        coAwardees: [],
        lot: null,
        kind: 'works',
        cpv: '45223220-4',
        amountCents: 4_499_625,
        notifiedOn: '2022-10-19',
        startsOn: '2022-10-19',
        endsOn: '2023-09-19',
        socialConsiderations: ['social-criterion', 'social-clause'],
        defenceOrSecurity: false,
        toComplete: ['awardeeName', 'buyerName'],
      },
    });
  });

  it('reads the flat considerations of older files and the 1.x awardee shape', () => {
    const read = contractFromDecp({
      ...real,
      considerationsSociales: ['Marché réservé'],
      titulaires: [
        { typeIdentifiant: 'SIRET', id: '91824625700011', denominationSociale: 'ESAT du Lac' },
      ],
    });
    expect(read).toMatchObject({
      contract: { socialConsiderations: ['reserved'], awardee: { name: 'ESAT du Lac' } },
    });
    expect(
      contractFromDecp({
        ...real,
        considerationsSociales: { considerationSociale: 'Pas de considération sociale' },
      }),
    ).toMatchObject({
      contract: { socialConsiderations: [] },
    });
  });

  it('says why a record cannot be read', () => {
    expect(contractFromDecp({ ...real, montant: 'cher' })).toEqual({
      error: expect.stringContaining('montant'),
    });
    expect(contractFromDecp({ ...real, considerationsSociales: ['Clause verte'] })).toEqual({
      error: expect.stringContaining('Clause verte'),
    });
    expect(contractFromDecp({ ...real, titulaires: [] })).toEqual({
      error: expect.stringContaining('aucun titulaire'),
    });
  });

  it('opens the three envelopes, setting concessions aside', () => {
    const official = decpEnvelope(fixture('marches_concessions.json'));
    expect(official?.records).toHaveLength(2);
    expect(official?.concessions).toBe(2);
    expect(decpEnvelope({ marches: [real, { ...real, id: 'X' }] })?.records).toHaveLength(2);
    expect(decpEnvelope([real])?.records).toHaveLength(1);
    expect(decpEnvelope({ something: [] })).toBeNull();
    for (const record of official?.records ?? [])
      expect(contractFromDecp(record.raw)).toHaveProperty('contract');
  });

  it('keeps the consolidation’s contracts, which carry an empty concession authority', () => {
    // As the national consolidation writes them (test/fixtures/decp/recent-modifications.json).
    const contract = { ...real, _type: 'Marché', autoriteConcedante: '', concessionnaires: '' };
    const concession = { id: 'C-2', autoriteConcedante: { id: '21750001600019' } };
    const read = decpEnvelope({
      marches: [contract, concession, { _type: 'Contrat de concession' }],
    });
    expect(read?.records.map((r) => r.index)).toEqual([0]);
    expect(read?.concessions).toBe(2);
  });
});
