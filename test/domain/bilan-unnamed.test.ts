import { describe, expect, it } from 'vitest';
import { type BilanContract, computeBilan } from '#shared/domain/bilan';
import { yearHoursOfLines } from '#shared/domain/bilan-hours';

// A contract imported from the open data may name neither its buyer nor its awardee (the 2024
// format publishes no names): the bilan says « nom à compléter » with the identifier, as the
// pages do, instead of an empty label; a name known from another contract wins.

const contract = (c: Partial<BilanContract> & Pick<BilanContract, 'id'>): BilanContract => ({
  reference: c.id,
  title: `Marché ${c.id}`,
  buyer: { name: '', siret: '21750001630040' },
  awardee: { name: '', siret: '55204599900869' },
  kind: 'works',
  notifiedOn: '2024-12-01',
  startsOn: '2025-01-01',
  endsOn: '2025-12-31',
  amountCents: 100_000_000,
  targetHours: null,
  allocation: { mode: 'single', plieId: 'bordeaux' },
  allocationKey: null,
  socialConsiderations: ['social-clause'],
  ...c,
});

const bilanOf = (contracts: BilanContract[]) =>
  computeBilan({
    year: 2025,
    scope: { buyerSiret: null, plieId: null },
    contracts,
    plies: [{ id: 'bordeaux', name: 'PLIE de Bordeaux', activeFrom: null, activeUntil: null }],
    criteria: new Map(),
    participants: new Map(),
    exits: [],
    hours: yearHoursOfLines(
      contracts.map((c) => ({
        contractId: c.id,
        plieId: 'bordeaux',
        participantId: null,
        month: '2025-03',
        hours: 10,
        mode: 'direct-hire',
        status: 'active' as const,
      })),
      2025,
    ),
  });

describe('unnamed buyers and awardees in the bilan', () => {
  it('reads « nom à compléter » with the SIRET, SIREN or identifier', () => {
    const bilan = bilanOf([
      contract({ id: 'A' }),
      contract({ id: 'B', awardee: { name: '', siren: '614500585' } }),
      contract({ id: 'C', awardee: { name: '', identifier: 'HORS-UE USCOLUMBIAARTISTSM' } }),
    ]);
    const labels = (rows: { label: string }[]) => rows.map((r) => r.label).sort();
    expect(labels(bilan.hours.byAwardee)).toEqual([
      'nom à compléter (HORS-UE USCOLUMBIAARTISTSM)',
      'nom à compléter (SIREN 614500585)',
      'nom à compléter (SIRET 55204599900869)',
    ]);
    expect(labels(bilan.hours.byBuyer)).toEqual(['nom à compléter (SIRET 21750001630040)']);
    expect(bilan.contracts.rows.find((r) => r.id === 'A')).toMatchObject({
      buyer: 'nom à compléter (SIRET 21750001630040)',
      awardee: 'nom à compléter (SIRET 55204599900869)',
    });
  });

  it('takes the name another contract gives the same company or buyer', () => {
    const bilan = bilanOf([
      contract({ id: 'A' }),
      contract({
        id: 'B',
        buyer: { name: 'Ville de Paris', siret: '21750001630040' },
        awardee: { name: 'Carrelages du Doubs', siret: '55204599900869' },
      }),
    ]);
    expect(bilan.hours.byAwardee).toEqual([
      { key: '55204599900869', label: 'Carrelages du Doubs', hours: 20 },
    ]);
    expect(bilan.hours.byBuyer).toEqual([
      { key: '21750001630040', label: 'Ville de Paris', hours: 20 },
    ]);
  });
});
