import { describe, expect, it } from 'vitest';
import { decpVersion, versionedId } from '#shared/imports/decp-modifications';

const one = {
  objetModification: 'Avenant n° 1',
  dateNotificationModification: '2019-02-15+01:00',
  datePublicationDonneesModification: '2019-03-04+01:00',
  montant: 57379.41,
};

describe('decpVersion', () => {
  it('reads modifications in every shape files publish them', () => {
    const shapes = [
      [one],
      [{ modification: one }],
      { modification: [one] },
      { modification: one },
      one,
    ];
    for (const modifications of shapes) {
      const version = decpVersion({ id: 'X01', modifications });
      expect(version.modifications).toEqual([
        expect.objectContaining({
          notifiedOn: '2019-02-15',
          publishedOn: '2019-03-04',
          amountCents: 5_737_941,
          object: 'Avenant n° 1',
        }),
      ]);
      expect(version.problems).toEqual([]);
    }
    for (const none of [[], '', null, undefined, {}]) {
      expect(decpVersion({ id: 'X00', modifications: none }).modifications).toEqual([]);
    }
  });

  it('orders by notification, reads text numbers, says what it could not read', () => {
    const version = decpVersion({
      id: 'X',
      datePublicationDonnees: '2019-01-23',
      modifications: [
        { dateNotificationModification: '2019-03-01', dureeMois: '14' },
        { dateNotificationModification: '2019-02-01', montant: '1 200,50' },
        { objetModification: 'sans date', montant: 1 },
        { dateNotificationModification: '2019-04-01', montant: 'NC' },
      ],
    });
    expect(version.publishedOn).toBe('2019-01-23');
    expect(version.modifications.map((m) => [m.position, m.notifiedOn])).toEqual([
      [2, '2019-02-01'],
      [1, '2019-03-01'],
      [4, '2019-04-01'],
    ]);
    expect(version.modifications[0]?.amountCents).toBe(120_050);
    expect(version.modifications[1]?.durationMonths).toBe(14);
    expect(version.problems).toEqual([
      'modification n° 3 : ni date de notification ni date de publication lisible : non reprise',
      'modification n° 4 : montant illisible (« NC »)',
    ]);
  });

  it('knows a modification again by its id (2.0), else by what it says and where', () => {
    const withId = decpVersion({ modifications: [{ modification: { ...one, id: 1 } }] });
    expect(withId.modifications[0]?.key).toBe('id:1');
    const a = decpVersion({ modifications: [one] }).modifications[0]?.key;
    const b = decpVersion({ modifications: [one, { ...one, montant: 1 }] }).modifications;
    expect(b.map((m) => m.key)).toContain(a);
    expect(new Set(b.map((m) => m.key)).size).toBe(2);
  });
  it('leaves out a 1 € amount and a duration ending before the modification itself', () => {
    // A contract of 6 February 2020: 1 month would end it on 6 March 2020.
    const at = (day: string, change: object) => ({
      modification: { id: day, dateNotificationModification: day, ...change },
    });
    const version = decpVersion({
      id: 'X',
      dateNotification: '2020-02-06',
      modifications: [
        at('2023-06-07', { montant: 1, dureeMois: 1 }),
        at('2023-06-08', { montant: 22545, dureeMois: 41 }),
        at('2020-03-06', { dureeMois: 1 }), // on its last day: still running
      ],
    });
    expect(version.modifications.map((m) => [m.amountCents, m.durationMonths])).toEqual([
      [undefined, 1],
      [undefined, undefined],
      [2_254_500, 41],
    ]);
    expect(version.problems).toEqual([
      'modification n° 1 : montant de 1 € (valeur de remplissage) : non repris',
      'modification n° 1 : durée de 1 mois : le marché aurait pris fin le 6 mars 2020, avant la modification elle-même — non reprise',
    ]);
  });
});

describe('versionedId (decp-rama: the last two digits are the number of modifications)', () => {
  it('reads the examples of the national consolidation', () => {
    expect(versionedId('2018MA181101', 1)).toEqual({ base: '2018MA1811', sequence: 1 });
    expect(versionedId('2018k6l-bLQ56r01', 2)).toBeNull();
    expect(versionedId('2019A01500', 0)).toEqual({ base: '2019A015', sequence: 0 });
    expect(versionedId('2019A01501', 0)).toBeNull();
    expect(versionedId('TEST2022', 1)).toBeNull();
  });
});
