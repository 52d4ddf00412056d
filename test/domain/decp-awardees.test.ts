import { describe, expect, it } from 'vitest';
import { repairedSiret, sirenOfFrenchVat } from '#shared/domain/identifiers';
import { contractFromDecp } from '#shared/imports/decp';
import { decpFixture, REAL_DECP_RECORD } from '../fixtures/decp/records';

// Awardees as buyers published them (test/fixtures/decp/awardee-forms.json, verbatim records
// of the 2019 consolidated feeds): each form imports with the identifier it stands for, a
// repair is said, and nothing is refused that can be kept.

const records = (decpFixture('awardee-forms.json') as { marches: unknown[] }).marches;
const read = (index: number) => {
  const result = contractFromDecp(records[index]);
  if ('error' in result) throw new Error(result.error);
  return result;
};

describe('DECP awardees as published', () => {
  it('keeps a foreign awardee (HORS-UE, TAHITI) by its identifier, with no SIREN to reach it by', () => {
    expect(read(0).contract.awardee).toEqual({
      name: 'COLUMBIA ARTISTS MANAGEMENT',
      identifier: 'HORS-UE USCOLUMBIAARTISTSM',
    });
    expect(read(0).contract.toComplete).toEqual([]);
    // A Tahiti number has 9 digits: it is no SIREN.
    expect(read(11).contract.coAwardees).toEqual([
      { name: 'UMA MUYUN', identifier: 'TAHITI 587857001' },
    ]);
  });

  it('keeps a SIREN published instead of a SIRET', () => {
    expect(read(7).contract.awardee).toEqual({ name: 'CMP BAYLE', siren: '614500585' });
    expect(read(7).repairs).toEqual([]);
  });

  it('reduces a French VAT number to its SIREN when its key checks, and says so', () => {
    const square = read(9);
    expect(square.contract.awardee).toEqual({ name: 'SQUARE', siren: '507567493' });
    expect(square.repairs).toEqual([
      'numéro de TVA français « FR80507567493 » réduit à son SIREN 507567493 (clé vérifiée)',
    ]);
    expect(read(10).contract.awardee).toEqual({ name: 'CLEMESSY', siren: '945752137' });
    expect(sirenOfFrenchVat('FR81507567493')).toBeNull();
  });

  it('repairs a 15-digit SIRET and a truncated one when both keys check, and says so', () => {
    const stradal = read(2);
    expect(stradal.contract.awardee).toMatchObject({ siret: '30653556800027' });
    expect(stradal.contract.coAwardees).toEqual([{ name: 'STRADAL', siret: '30198456300678' }]);
    expect(stradal.repairs).toEqual([
      'SIRET « 301984563000678 » (15 chiffres) lu 30198456300678 : un 0 en trop retiré, clés du SIREN et du SIRET vérifiées',
    ]);
    // The repaired SIRET is the awardee's when it is the first published.
    expect(read(8).contract.awardee).toEqual({ name: 'SPIE SUD EST', siret: '43408539500383' });
    expect(read(4).contract.awardee).toEqual({ name: 'VAGO', siret: '49341497300039' });
    expect(read(4).repairs[0]).toContain('13 chiffres');
    expect(read(5).contract.awardee).toEqual({ name: 'SICAHR', siret: '34953679700021' });
  });

  it('keeps only the SIREN of a SIRET no single reading repairs', () => {
    const fricom = read(3);
    expect(fricom.contract.awardee).toEqual({ name: 'FRICOM', siren: '810622266' });
    expect(fricom.repairs[0]).toContain('seul son SIREN 810622266 est gardé');
    // Several readings, or none: nothing is guessed.
    expect(repairedSiret('3883430500028')).toBeNull();
    expect(repairedSiret('810622266000263')).toBeNull();
  });

  it('keeps an unreadable identifier as published, the contract marked « à compléter »', () => {
    const cafeteria = read(6);
    expect(cafeteria.contract.awardee).toEqual({
      name: 'CAFETERIA CARRE ROUGE',
      identifier: 'SIRET 0000000000000000',
    });
    expect(cafeteria.contract.toComplete).toEqual(['awardeeId']);
    expect(cafeteria.repairs).toEqual([
      'identifiant « 0000000000000000 » illisible : gardé tel que publié',
    ]);
  });

  it('takes a SIRET published as a VAT number only when its key checks', () => {
    const titulaires = [{ typeIdentifiant: 'TVA_INTRACOMMUNAUTAIRE', id: '33074169500044' }];
    const bocca = contractFromDecp({ ...REAL_DECP_RECORD, titulaires });
    expect(bocca).toMatchObject({ contract: { awardee: { siret: '33074169500044' } } });
    const wrongKey = [{ typeIdentifiant: 'TVA', id: '33074169500045' }];
    expect(contractFromDecp({ ...REAL_DECP_RECORD, titulaires: wrongKey })).toMatchObject({
      contract: { awardee: { identifier: 'TVA 33074169500045' } },
    });
  });
});

describe('DECP placeholders', () => {
  const real = REAL_DECP_RECORD;

  it('imports a record with placeholders « à compléter », naming what is missing', () => {
    const result = contractFromDecp({
      ...real,
      codeCPV: '00000000-1',
      dureeMois: 'NC',
      montant: 'NC',
      titulaires: [{ titulaire: { id: '91824625700011', denominationSociale: 'NC' } }],
    });
    expect(result).toMatchObject({
      contract: {
        toComplete: ['cpv', 'duration', 'amount', 'awardeeName', 'buyerName'],
        awardee: { name: '' },
        amountCents: 0,
        endsOn: '2022-10-19',
      },
    });
    expect(result).not.toHaveProperty('contract.cpv');
    const noCpv = contractFromDecp({ ...real, codeCPV: undefined, dureeMois: undefined });
    expect(noCpv).toMatchObject({
      contract: { toComplete: ['cpv', 'duration', 'awardeeName', 'buyerName'] },
    });
  });

  it('still refuses a record without a notification date: its year and its law hang on it', () => {
    expect(contractFromDecp({ ...real, dateNotification: undefined })).toEqual({
      error: 'dateNotification : champ absent',
    });
    expect(contractFromDecp(records[12])).toEqual({ error: 'dateNotification : champ absent' });
  });
});
