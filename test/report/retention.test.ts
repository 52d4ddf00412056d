import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { beforeAll, describe, expect, it } from 'vitest';
import { retentionCutoff } from '#shared/domain/retention';
import { OutboxSender } from '#shared/mail/senders';
import { deliverMonthlyReports } from '#shared/services/report-delivery';
import { contractInput, seededApi, type TestApi } from '../support/api';
import { allItems } from '../support/items';

// Participants who left more than five years ago are erased by the monthly job, as a request
// would erase them (reference and eligibility go; hours and exit stay, anonymous), and the full
// report says how many. Those who left since are kept; a second run erases nothing more.

let api: TestApi;
let admin: string;
const ids: Record<string, string> = {};
// The app's clock: the setup happens in November, the monthly job runs on 1 December. Both are
// set, so that the history's order (setup first, erasure last) holds on any day.
let clock = new Date('2026-11-20T09:00:00Z');
const now = () => clock;

beforeAll(async () => {
  let procurement: string;
  ({ api, admin, procurement } = await seededApi(now));
  await api.call('PUT', '/api/plies/graves', {
    token: admin,
    body: { name: 'PLIE des Graves', coordinatorEmails: ['coord@graves.example'] },
  });
  const contract = await api.call('POST', '/api/contracts', {
    token: procurement,
    body: contractInput({
      reference: 'OLD-1',
      notifiedOn: '2019-01-15',
      startsOn: '2019-02-01',
      endsOn: '2026-12-31',
      allocation: { mode: 'single', plieId: 'graves' },
    }),
  });
  for (const [ref, exitedOn] of [
    ['GR-LEFT-2020', '2020-06-30'],
    // Left long ago too, but erased on her own request this month, before the job runs.
    ['GR-ASKED', '2019-09-30'],
    ['GR-LEFT-2021-NOV', '2021-11-30'],
    ['GR-LEFT-2022', '2022-03-31'],
    ['GR-STAYS', null],
  ] as const) {
    const person = await api.call('POST', '/api/participants', {
      token: admin,
      body: { plieId: 'graves', ref, eligibility: ['RSA', 'TH'], enteredOn: '2019-01-02' },
    });
    ids[ref] = person.body.id;
    const hours = await api.call('POST', '/api/hours', {
      token: procurement,
      body: {
        contractId: contract.body.id,
        plieId: 'graves',
        participantId: person.body.id,
        month: '2019-06',
        hours: 35,
        mode: 'direct-hire',
      },
    });
    expect(hours.status).toBe(201);
    if (exitedOn) {
      const exit = await api.call('POST', `/api/participants/${person.body.id}/exit`, {
        token: admin,
        body: { exitedOn, outcome: 'cdi' },
      });
      expect(exit.status).toBe(200);
    }
  }
  clock = new Date('2026-12-01T05:00:00Z');
  const asked = await api.call('DELETE', `/api/participants/${ids['GR-ASKED']}`, {
    token: admin,
    body: { reason: 'Demande de la personne, courrier du 28 novembre' },
  });
  expect(asked.status).toBe(204);
  clock = new Date('2026-12-01T06:00:00Z');
});

const read = async (ref: string) =>
  (await api.call('GET', `/api/participants/${ids[ref]}`, { token: admin })).body;

describe('the retention rule, in the monthly job', () => {
  it('cuts at five years to the day', () => {
    expect(retentionCutoff('2026-12-01', 5)).toBe('2021-12-01');
    expect(retentionCutoff('2028-02-29', 5)).toBe('2023-02-28');
  });

  it('erases those who left more than five years ago, keeps the others, and says so in the full report only', async () => {
    const outbox = mkdtempSync(join(tmpdir(), 'retention-outbox-'));
    const summary = await deliverMonthlyReports(
      { stores: api.stores, now },
      {
        month: '2026-11',
        sender: new OutboxSender(outbox),
        from: 'rapports@metropole.example',
        reportRecipients: ['achats@metropole.example'],
        retentionYears: 5,
      },
    );
    expect(summary.retention).toMatchObject({
      erasedNow: 2,
      erasedThisMonth: 2,
      cutoff: '2021-12-01',
    });
    for (const ref of ['GR-LEFT-2020', 'GR-LEFT-2021-NOV']) {
      expect(await read(ref)).toMatchObject({ ref: 'effacé', eligibility: [], outcome: 'cdi' });
    }
    expect((await read('GR-LEFT-2022')).ref).toBe('GR-LEFT-2022');
    expect((await read('GR-STAYS')).ref).toBe('GR-STAYS');
    const stored = JSON.stringify(await allItems(api));
    expect(stored).not.toContain('GR-LEFT-2020');
    expect(stored).not.toContain('GR-LEFT-2021-NOV');
    // The hours stay, anonymous.
    const hours = await api.call('GET', `/api/hours?participantId=${ids['GR-LEFT-2020']}`, {
      token: admin,
    });
    expect(hours.body.items.map((l: { hours: number }) => l.hours)).toEqual([35]);
    const history = await api.call(
      'GET',
      `/api/changes?entityType=participant&entityId=${ids['GR-LEFT-2020']}`,
      { token: admin },
    );
    expect(history.body.items.at(-1)).toMatchObject({
      action: 'erase',
      actor: expect.objectContaining({ name: 'Règle de conservation des données' }),
      reason: expect.stringContaining('plus de 5 ans'),
    });

    const files = readdirSync(join(outbox, '2026-11'));
    const full = files.find((f) => f.includes('achats'));
    const plie = files.find((f) => f.includes('coord'));
    if (!full || !plie) throw new Error(`messages missing: ${files.join(', ')}`);
    const fullMail = await PostalMime.parse(readFileSync(join(outbox, '2026-11', full)));
    // Issue 28: the rule's erasures only (not the person erased on request), and the month they
    // were made in by name — the report is November's, the erasures December's.
    expect(fullMail.text).toContain(
      'Conservation des données : en décembre 2026, 2 participant(s) sorti(s) depuis plus de 5 ans (avant le 1er décembre 2021) effacé(s) par la règle de conservation',
    );
    expect(fullMail.text).not.toMatch(/ce mois-ci/i);
    expect(fullMail.html).toContain('2 participant(s) sorti(s) depuis plus de 5 ans');
    const plieMail = await PostalMime.parse(readFileSync(join(outbox, '2026-11', plie)));
    expect(plieMail.text).not.toContain('Conservation des données');
    // Reports carry figures per contract and per PLIE, never a participant's reference: not in
    // the text, the HTML, nor the CSV attached.
    for (const mail of [fullMail, plieMail]) {
      const everything = [
        mail.text ?? '',
        mail.html ?? '',
        ...mail.attachments.map((a) =>
          typeof a.content === 'string' ? a.content : new TextDecoder().decode(a.content),
        ),
      ].join('\n');
      expect(mail.attachments.length).toBeGreaterThan(0);
      for (const ref of ['GR-LEFT-2022', 'GR-STAYS', 'GR-LEFT-2020'])
        expect(everything).not.toContain(ref);
    }
  });

  it('erases nothing more the second time, and still counts the month’s erasures', async () => {
    const summary = await deliverMonthlyReports(
      { stores: api.stores, now },
      {
        month: '2026-11',
        sender: new OutboxSender(mkdtempSync(join(tmpdir(), 'retention-outbox-'))),
        from: 'rapports@metropole.example',
        reportRecipients: ['achats@metropole.example'],
        retentionYears: 5,
      },
    );
    expect(summary.retention).toMatchObject({
      erasedNow: 0,
      erasedThisMonth: 2,
      month: '2026-12',
    });
  });

  it('names the month of the erasures when a past month’s report is sent again', async () => {
    const outbox = mkdtempSync(join(tmpdir(), 'retention-outbox-'));
    await deliverMonthlyReports(
      { stores: api.stores, now },
      {
        month: '2026-03',
        sender: new OutboxSender(outbox),
        from: 'rapports@metropole.example',
        reportRecipients: ['achats@metropole.example'],
        retentionYears: 5,
      },
    );
    const [file] = readdirSync(join(outbox, '2026-03'));
    const mail = await PostalMime.parse(readFileSync(join(outbox, '2026-03', file as string)));
    expect(mail.text).toContain('Rapport mensuel');
    expect(mail.text).toContain('Conservation des données : en décembre 2026, 2 participant(s)');
    expect(mail.text).not.toMatch(/ce mois-ci/i);
  });
});
