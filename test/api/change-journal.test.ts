import { performance } from 'node:perf_hooks';
import { beforeAll, describe, expect, it } from 'vitest';
import { actionLabel } from '#shared/domain/change-log';
import { changeItem } from '#shared/store/changes';
import { tenantKeys } from '#shared/store/keys';
import { transactWrite } from '#shared/store/transact';
import { contractInput, seededApi, type TestApi } from '../support/api';

// GET /api/changes as the journal, on DynamoDB Local, the clock set: one entry per action (an
// import is one entry, not its receipt and each of its lines), each named in French with what
// it concerns and its before → after; a date range (the last 30 days by default), filters,
// pages; unknown parameters refused. A year of a seeded journal is read month by month.

let api: TestApi;
let admin: string;
let procurement: string;
let clock = new Date('2026-11-20T10:00:00Z');
let contractId: string;
let otherId: string;

interface Entry {
  id: string;
  entityType: string;
  entityId: string;
  action: string;
  actionLabel: string;
  object: string;
  concerns: string;
  at: string;
  actor: { sub: string };
  fieldChanges: { label: string; before: string; after: string }[];
}

const journal = async (query = '', token = admin) => {
  const answer = await api.call('GET', `/api/changes${query ? `?${query}` : ''}`, { token });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body as { items: Entry[]; nextCursor: string | null };
};

beforeAll(async () => {
  ({ api, admin, procurement } = await seededApi(() => clock));
  const created = await api.call('POST', '/api/contracts', {
    token: procurement,
    body: contractInput({
      reference: 'J-1',
      title: 'Gymnase Jean-Moulin',
      notifiedOn: '2026-01-05',
      startsOn: '2026-01-05',
      endsOn: '2026-12-31',
      allocation: { mode: 'shared' },
    }),
  });
  contractId = created.body.id;
  const other = await api.call('POST', '/api/contracts', {
    token: procurement,
    body: contractInput({ reference: 'J-2', notifiedOn: '2026-01-05', endsOn: '2026-12-31' }),
  });
  otherId = other.body.id;
  clock = new Date('2026-11-20T11:00:00Z');
  await api.call('PATCH', `/api/contracts/${contractId}`, {
    token: procurement,
    body: { title: 'Gymnase Jean-Moulin, tranche 2' },
  });
  await api.call('PUT', '/api/plies/graves', {
    token: admin,
    body: { name: 'PLIE des Graves et du Sud', activeFrom: null },
  });
  await api.call('PUT', '/api/settings/reminders', { token: admin, body: { day: 9 } });
  await api.call('PUT', '/api/funding-conventions/2026', {
    token: admin,
    body: { fixedPerPlie: 5000, perHour: 1 },
  });
  await api.call('PUT', '/api/funding-conventions/2026', {
    token: admin,
    body: { fixedPerPlie: 6000, perHour: 1 },
  });
  clock = new Date('2026-11-20T12:00:00Z');
  const csv = [
    'contract_reference;plie_id;participant_ref;month;hours;mode',
    'J-1;bordeaux;;2026-10;10;geiq',
    'J-1;graves;;2026-10;5;geiq',
    'J-1;bordeaux;;2026-10;7,5;geiq',
  ].join('\r\n');
  const imported = await api.call('POST', '/api/hours/import', {
    token: procurement,
    raw: `${csv}\r\n`,
    headers: { 'content-type': 'text/csv; charset=utf-8' },
  });
  expect(imported.status, JSON.stringify(imported.body)).toBe(200);
});

describe('the journal', () => {
  it('gives one entry per action: an import is one entry, its receipt and lines are in the day’s records', async () => {
    const { items } = await journal();
    const imports = items.filter((e) => e.entityType === 'statement');
    expect(imports.map((e) => e.action)).toEqual(['imported']);
    expect(items.some((e) => e.entityType === 'hours-line')).toBe(false);
    // Every record is still kept: the day's index holds the receipt and each line.
    const day = await journal('day=2026-11-20&limit=500');
    const actions = day.items.map((e) => `${e.entityType}/${e.action}`);
    expect(actions.filter((a) => a === 'hours-line/import')).toHaveLength(3);
    expect(actions).toContain('statement/upload');
  });

  it('names actions and objects in French, with the contract, month and PLIE concerned', async () => {
    const { items } = await journal();
    for (const entry of items) expect(entry.actionLabel).toBe(actionLabel(entry.action));
    expect(items.every((e) => e.actionLabel !== e.action)).toBe(true);
    const imported = items.find((e) => e.action === 'imported') as Entry;
    expect(imported.actionLabel).toBe('Relevé importé');
    expect(imported.concerns).toContain('Marché J-1 — Gymnase Jean-Moulin, tranche 2');
    expect(imported.concerns).toContain('octobre 2026');
    const plie = items.find((e) => e.entityType === 'plie') as Entry;
    expect(plie.object).toBe('PLIE des Graves et du Sud');
    const created = items.find((e) => e.entityId === contractId && e.action === 'create') as Entry;
    expect(created.object).toBe('Marché J-1 — Gymnase Jean-Moulin, tranche 2');
  });

  it('says before → after for contracts, PLIEs, settings and conventions', async () => {
    const { items } = await journal();
    const change = (entityType: string, action: string) =>
      items.find((e) => e.entityType === entityType && e.action === action)?.fieldChanges;
    expect(change('contract', 'update')).toEqual([
      {
        field: 'title',
        label: 'Intitulé',
        before: 'Gymnase Jean-Moulin',
        after: 'Gymnase Jean-Moulin, tranche 2',
      },
    ]);
    expect(change('plie', 'update')).toContainEqual({
      field: 'name',
      label: 'Nom',
      before: 'PLIE des Graves',
      after: 'PLIE des Graves et du Sud',
    });
    expect(change('setting', 'update')).toEqual([
      { field: 'day', label: 'Jour des relances', before: '5', after: '9' },
    ]);
    const conventions = items.filter((e) => e.entityType === 'funding-convention');
    // Intl writes euros with no-break spaces.
    const plain = (text: string) => text.replace(/\s/g, ' ');
    expect(
      conventions[0]?.fieldChanges.map((c) => ({
        ...c,
        before: plain(c.before),
        after: plain(c.after),
      })),
    ).toEqual([
      {
        field: 'fixedPerPlieCents',
        label: 'Part fixe par PLIE',
        before: '5 000,00 €',
        after: '6 000,00 €',
      },
    ]);
    expect(conventions[0]?.object).toBe('Convention de financement 2026');
  });

  it('says before → after for a PLIE’s criteria and the year’s weights too', async () => {
    const criteria = (population: number) => ({
      population,
      socialHousingRate: 0.2,
      qpvResidents: 10_000,
      qpvShare: 0.1,
      unemploymentRate: 0.1,
    });
    const weights = (population: number) => ({
      population,
      socialHousingRate: 1,
      qpvResidents: 1,
      qpvShare: 1,
      unemploymentRate: 1,
    });
    for (const population of [250_000, 260_000]) {
      const put = await api.call('PUT', '/api/plies/bordeaux/criteria/2026', {
        token: admin,
        body: criteria(population),
      });
      expect(put.status, JSON.stringify(put.body)).toBeLessThan(300);
    }
    for (const population of [1, 2]) {
      const put = await api.call('PUT', '/api/allocation-weights/2026', {
        token: admin,
        body: weights(population),
      });
      expect(put.status, JSON.stringify(put.body)).toBeLessThan(300);
    }
    const { items } = await journal();
    const plain = (text: string) => text.replace(/\s/g, ' ');
    const of = (action: string, entityType: string) =>
      items
        .find((e) => e.action === action && e.entityType === entityType)
        ?.fieldChanges.map((c) => `${c.label} : ${plain(c.before)} → ${plain(c.after)}`);
    expect(of('set-criteria', 'plie')).toEqual(['Population : 250 000 → 260 000']);
    expect(of('set', 'allocation-weights')).toEqual(['Population : 1 → 2']);
  });

  it('filters by action, kind of object, contract, PLIE and who', async () => {
    expect((await journal('action=imported')).items.map((e) => e.action)).toEqual(['imported']);
    const contracts = await journal('entityType=contract');
    expect(contracts.items.every((e) => e.entityType === 'contract')).toBe(true);
    expect(contracts.items).toHaveLength(3);
    const ofOne = await journal(`contractId=${contractId}`);
    expect(ofOne.items.map((e) => `${e.entityType}/${e.action}`).sort()).toEqual([
      'contract/create',
      'contract/update',
      'statement/imported',
    ]);
    expect((await journal(`contractId=${otherId}`)).items).toHaveLength(1);
    const graves = await journal('plieId=graves');
    expect(graves.items.map((e) => `${e.entityType}/${e.action}`)).toEqual([
      'statement/imported',
      'plie/update',
      'plie/create',
    ]);
    const adminSub = (await journal('entityType=setting')).items[0]?.actor.sub as string;
    const byAdmin = await journal(`actor=${encodeURIComponent(adminSub)}`);
    expect(byAdmin.items.length).toBeGreaterThan(0);
    expect(byAdmin.items.every((e) => e.actor.sub === adminSub)).toBe(true);
    expect(byAdmin.items.some((e) => e.entityType === 'statement')).toBe(false);
  });

  it('names everyone who acted in the range with its first page, the actor filter aside', async () => {
    const subOf = async (filter: string) => (await journal(filter)).items[0]?.actor.sub as string;
    const adminSub = await subOf('entityType=setting');
    const buyerSub = await subOf('action=imported');
    expect(adminSub).not.toBe(buyerSub);
    type WithActors = { items: Entry[]; nextCursor: string | null; actors?: { sub: string }[] };
    // One entry shown, both people offered: « Qui » is not the entries' people only.
    const first = (await journal('limit=1')) as WithActors;
    expect(first.items).toHaveLength(1);
    expect(first.actors?.map((a) => a.sub).sort()).toEqual([adminSub, buyerSub].sort());
    // Chosen, one person still offers the others.
    const chosen = (await journal(`actor=${encodeURIComponent(adminSub)}`)) as WithActors;
    expect(chosen.items.every((e) => e.actor.sub === adminSub)).toBe(true);
    expect(chosen.actors?.map((a) => a.sub).sort()).toEqual([adminSub, buyerSub].sort());
    // The other filters apply: the settings were the administrator's alone.
    const settings = (await journal('entityType=setting')) as WithActors;
    expect(settings.actors?.map((a) => a.sub)).toEqual([adminSub]);
    // The next pages do not read them again.
    const next = (await journal(`limit=1&cursor=${first.nextCursor}`)) as WithActors;
    expect(next.actors).toBeUndefined();
  });

  it('reads the last 30 days by default, or the range asked, newest first, page by page', async () => {
    // A change 40 days before: outside the default range, inside one that reaches it.
    clock = new Date('2026-10-11T09:00:00Z');
    await api.call('PUT', '/api/settings/report-recipients', {
      token: admin,
      body: { emails: ['direction@bordeaux-metropole.example'] },
    });
    clock = new Date('2026-11-20T12:30:00Z');
    const recent = await journal();
    expect(recent.items.some((e) => e.entityId === 'report-recipients')).toBe(false);
    const wide = await journal('from=2026-10-01&to=2026-11-30');
    expect(wide.items.some((e) => e.entityId === 'report-recipients')).toBe(true);
    const ats = wide.items.map((e) => e.at);
    expect(ats).toEqual([...ats].sort().reverse());
    const october = await journal('from=2026-10-11&to=2026-10-11');
    expect(october.items.map((e) => e.entityId)).toEqual(['report-recipients']);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await journal(
        `from=2026-10-01&to=2026-11-30&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(wide.items.map((e) => e.id));
  });

  it('refuses an unknown parameter, a bad date, a range backwards and an unknown action, as problem JSON', async () => {
    for (const query of [
      'jour=2026-11-20',
      'from=2026-13-01',
      'from=2026-11-20&to=2026-11-01',
      'action=validatedd',
      'cursor=nope',
    ]) {
      const answer = await api.call('GET', `/api/changes?${query}`, { token: admin });
      expect(answer.status, query).toBe(400);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(answer.body.errors.length, query).toBeGreaterThan(0);
    }
    const unknown = await api.call('GET', '/api/changes?jour=2026-11-20', { token: admin });
    expect(unknown.body.errors).toEqual([
      { path: 'query', message: 'Paramètre inconnu : jour (voir la documentation de l’API)' },
    ]);
    const coordinator = await api.token('plie-coordinator', 'bordeaux');
    expect((await api.call('GET', '/api/changes', { token: coordinator })).status).toBe(403);
  });

  it('reads a year of a seeded journal month by month, not day by day', async () => {
    // 2,400 actions over 2025, ten a day, written as the stores write them.
    const keys = tenantKeys('default');
    const actor = { sub: 'seed', role: 'admin' as const, name: 'Semis' };
    const items = [];
    for (let day = 0; day < 240; day += 1) {
      for (let i = 0; i < 10; i += 1) {
        const at = new Date(Date.UTC(2025, 0, 1) + day * 36 * 3600_000 + i * 60_000);
        items.push(
          changeItem(
            keys,
            api.tableName,
            { actor, at: at.toISOString() },
            {
              entityType: 'setting',
              entityId: 'reminders',
              action: 'update',
              data: { day: (i % 20) + 1 },
            },
          ),
        );
      }
    }
    for (let i = 0; i < items.length; i += 100) {
      await transactWrite(api.doc, items.slice(i, i + 100));
    }
    const started = performance.now();
    let count = 0;
    let pages = 0;
    let cursor: string | null = null;
    do {
      const page = await journal(
        `from=2025-01-01&to=2025-12-31&limit=500${cursor ? `&cursor=${cursor}` : ''}`,
      );
      count += page.items.length;
      pages += 1;
      cursor = page.nextCursor;
    } while (cursor);
    const elapsed = performance.now() - started;
    console.log(`journal, 1 year, ${count} entries: ${pages} pages in ${elapsed.toFixed(0)} ms`);
    expect(count).toBe(2400);
    // The first page of the year names its people: the whole year read for its actors.
    const named = performance.now();
    const firstOfYear = (await journal('from=2025-01-01&to=2025-12-31&limit=100')) as {
      actors?: { sub: string }[];
    };
    console.log(
      `journal, 1 year, first page with its actors: ${(performance.now() - named).toFixed(0)} ms`,
    );
    expect(firstOfYear.actors?.map((a) => a.sub)).toEqual(['seed']);
    const filtered = performance.now();
    const none = await journal('from=2025-01-01&to=2025-12-31&action=publish');
    console.log(
      `journal, 1 year filtered to nothing: ${(performance.now() - filtered).toFixed(0)} ms`,
    );
    expect(none.items).toEqual([]);
    // What the journal replaces: the same year read by its day index, 365 queries, 32 at once.
    const byDay = performance.now();
    let read = 0;
    const days = Array.from({ length: 365 }, (_, i) =>
      new Date(Date.UTC(2025, 0, 1 + i)).toISOString().slice(0, 10),
    );
    for (let i = 0; i < days.length; i += 32) {
      const pages = await Promise.all(
        days.slice(i, i + 32).map((day) => api.stores.changes.ofDay(day, { limit: 500 })),
      );
      read += pages.reduce((sum, page) => sum + page.items.length, 0);
    }
    console.log(
      `day index, 1 year, ${read} records: 365 queries in ${(performance.now() - byDay).toFixed(0)} ms`,
    );
  }, 120_000);
});
