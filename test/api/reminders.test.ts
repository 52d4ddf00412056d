import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { beforeAll, describe, expect, it } from 'vitest';
import { OutboxSender } from '#shared/mail/senders';
import { remindLateAwardees } from '#shared/services/reminders';
import { contractInput, seededApi, type TestApi } from '../support/api';

// Awardees invited to declare, and reminded once when last month's statement has not come; the
// monthly report says which contracts it is missing for. The business clock: 7 June 2025.

const COMPANY = '41234567800012';
let now = new Date('2025-06-07T08:00:00Z');
let api: TestApi;
let admin: string;
let procurement: string;
let lateId: string;
let declaredId: string;

const remind = (outbox: string) =>
  remindLateAwardees(
    { stores: api.stores, now: () => now },
    {
      sender: new OutboxSender(outbox),
      from: 'rapports@metropole.example',
      appUrl: 'https://ct.example',
    },
  );

beforeAll(async () => {
  ({ api, admin, procurement } = await seededApi(() => now));
  const create = async (reference: string) =>
    (
      await api.call('POST', '/api/contracts', {
        token: procurement,
        body: contractInput({ reference }),
      })
    ).body.id as string;
  lateId = await create('LATE-01');
  declaredId = await create('ON-TIME-02');
  // A contract of a company nobody invited: it declares nothing and is reminded of nothing.
  await api.call('POST', '/api/contracts', {
    token: procurement,
    body: contractInput({ awardee: { name: 'Autre', siret: '73282932000074' } }),
  });
});

describe('inviting an awardee’s contact', () => {
  it('records the contact for the company, who receives the reminders', async () => {
    const invited = await api.call('POST', `/api/contracts/${lateId}/invitations`, {
      token: procurement,
      body: { email: 'Paie@Batiment-Solidaire.example' },
    });
    expect(invited.status, JSON.stringify(invited.body)).toBe(201);
    expect(invited.body).toMatchObject({
      email: 'paie@batiment-solidaire.example',
      siret: COMPANY,
      account: 'local',
    });
    const listed = await api.call('GET', `/api/contracts/${declaredId}/invitations`, {
      token: procurement,
    });
    // The company holds both contracts: its contact is theirs too.
    expect(listed.body.items.map((c: { email: string }) => c.email)).toEqual([
      'paie@batiment-solidaire.example',
    ]);
  });

  it('refuses a company that does not hold the contract, and a coordinator', async () => {
    const stranger = await api.call('POST', `/api/contracts/${lateId}/invitations`, {
      token: procurement,
      body: { email: 'x@autre.example', siret: '73282932000074' },
    });
    expect(stranger.status).toBe(422);
    expect(stranger.body.errors[0].path).toBe('siret');
    const coordinator = await api.token('plie-coordinator', 'bordeaux');
    const refused = await api.call('POST', `/api/contracts/${lateId}/invitations`, {
      token: coordinator,
      body: { email: 'x@autre.example' },
    });
    expect(refused.status).toBe(403);
  });
});

describe('reminders', () => {
  it('go once, on the administrator’s day or after, for the contracts whose statement is missing', async () => {
    // The company declares May on one of its two contracts.
    const awardee = (
      await api.call('POST', '/dev/token', { body: { role: 'awardee', siret: COMPANY } })
    ).body.token;
    const declared = await api.call('POST', '/api/statements', {
      token: awardee,
      body: {
        contractId: declaredId,
        month: '2025-05',
        lines: [{ description: 'manœuvre', hours: 35, mode: 'direct-hire' }],
      },
    });
    expect(declared.status).toBe(201);

    // The 3rd: before the default day (the 5th), nothing.
    const outbox = mkdtempSync(join(tmpdir(), 'reminders-'));
    now = new Date('2025-06-03T08:00:00Z');
    expect(await remind(outbox)).toMatchObject({ due: false, sent: [] });
    // The administrator moves the day to the 2nd: due on the 3rd.
    const set = await api.call('PUT', '/api/settings/reminders', {
      token: admin,
      body: { day: 2 },
    });
    expect(set.status).toBe(200);
    expect(
      (await api.call('GET', '/api/settings/reminders', { token: procurement })).body.day,
    ).toBe(2);

    const first = await remind(outbox);
    expect(first).toMatchObject({ month: '2025-05', due: true });
    expect(first.sent.map((s) => s.recipient)).toEqual(['paie@batiment-solidaire.example']);
    const again = await remind(outbox);
    expect(again.sent).toEqual([]);
    expect(again.alreadySent).toBe(1);

    const files = readdirSync(join(outbox, '2025-05'));
    expect(files).toHaveLength(1);
    const email = await PostalMime.parse(readFileSync(join(outbox, '2025-05', files[0] as string)));
    expect(email.subject).toBe('Relevé d’heures d’insertion de mai 2025 à déclarer');
    expect(email.to?.[0]?.address).toBe('paie@batiment-solidaire.example');
    expect(email.text).toContain('LATE-01 — Réhabilitation du gymnase (Bordeaux Métropole)');
    expect(email.text).not.toContain('ON-TIME-02');
    expect(email.text).toContain('https://ct.example/#/declarer');
    expect(email.html).toContain('<a href="https://ct.example/#/declarer">');
  });

  it('the monthly report says which contract’s statement is missing', async () => {
    const report = await api.call('GET', '/api/reports/monthly/2025-05', { token: procurement });
    const noteOf = (reference: string) =>
      report.body.contracts.find((c: { reference: string }) => c.reference === reference)?.note;
    expect(noteOf('LATE-01')).toContain('Relevé du titulaire non reçu');
    expect(noteOf('ON-TIME-02') ?? '').not.toContain('Relevé du titulaire non reçu');
  });
});
