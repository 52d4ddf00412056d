import { describe, expect, it } from 'vitest';
import { findPlie, plieNameKey } from '#shared/domain/plies';

// The demo's six PLIEs of Bordeaux Métropole, as an administration names them.
const PLIES = [
  { id: 'bordeaux', name: 'PLIE de Bordeaux' },
  { id: 'graves', name: 'PLIE des Graves' },
  { id: 'hauts-de-garonne', name: 'PLIE des Hauts de Garonne' },
  { id: 'adsi-technowest', name: 'PLIE ADSI Technowest' },
  { id: 'portes-du-sud', name: 'PLIE Portes du Sud' },
  { id: 'sources', name: 'PLIE des Sources' },
];

const idOf = (written: string) => {
  const found = findPlie(PLIES, written);
  return found.ok ? found.plie.id : found.message;
};

describe('a PLIE named in a file', () => {
  it('is found by its code, its name, or its name written a little differently', () => {
    const cases: [string, string][] = [
      ['bordeaux', 'bordeaux'],
      ['PLIE de Bordeaux', 'bordeaux'],
      ['plie de bordeaux', 'bordeaux'],
      ['  Bordeaux ', 'bordeaux'],
      ['BORDEAUX', 'bordeaux'],
      ['plie des hauts de garonne', 'hauts-de-garonne'],
      ['PLIE des Hauts-de-Garonne', 'hauts-de-garonne'],
      ['Hauts de Garonne', 'hauts-de-garonne'],
      ['hauts-de-garonne', 'hauts-de-garonne'],
      ['PLIE du Hauts de Garonne', 'hauts-de-garonne'],
      ['PLIE ADSI Technowest', 'adsi-technowest'],
      ['adsi technowest', 'adsi-technowest'],
      ['Plie  Portes  du  Sud', 'portes-du-sud'],
      ['portes du sud', 'portes-du-sud'],
      ['PLIE des Sources', 'sources'],
      ['Sources', 'sources'],
      ['PLIE des Graves', 'graves'],
      ['PLIE  des\u00a0Gravés', 'graves'],
    ];
    for (const [written, id] of cases) expect([written, idOf(written)]).toEqual([written, id]);
  });

  it('sets accents, apostrophes and "PLIE d’" aside', () => {
    const plies = [
      { id: 'arcachon', name: 'PLIE d’Arcachon' },
      { id: 'est', name: "PLIE de l'Est Étang" },
    ];
    expect(findPlie(plies, "plie d'arcachon")).toMatchObject({ plie: { id: 'arcachon' } });
    expect(findPlie(plies, 'Arcachon')).toMatchObject({ plie: { id: 'arcachon' } });
    expect(findPlie(plies, 'PLIE de l’est etang')).toMatchObject({ plie: { id: 'est' } });
    expect(plieNameKey('PLIE de la Côte-d’Argent')).toBe('cote d argent');
  });

  it('refuses a name that is no PLIE of the structure, and an empty one', () => {
    expect(idOf('PLIE de Lyon')).toMatch(/^PLIE inconnu : « PLIE de Lyon »/);
    expect(idOf('Bordeaux Métropole')).toMatch(/^PLIE inconnu/);
    expect(idOf('PLIE')).toMatch(/^PLIE inconnu/);
    expect(idOf('  ')).toBe('PLIE manquant');
  });

  it('refuses a name two PLIEs answer to, naming both', () => {
    const plies = [
      { id: 'nord', name: 'PLIE du Nord' },
      { id: 'plie-nord', name: 'PLIE Nord' },
    ];
    const found = findPlie(plies, 'plie nord');
    expect(found.ok).toBe(false);
    expect(!found.ok && found.message).toContain('« PLIE du Nord » (nord)');
    expect(!found.ok && found.message).toContain('« PLIE Nord » (plie-nord)');
    expect(!found.ok && found.message).toMatch(/^PLIE ambigu/);
    // Its code is never ambiguous.
    expect(findPlie(plies, 'plie-nord')).toMatchObject({ plie: { id: 'plie-nord' } });
  });
});
