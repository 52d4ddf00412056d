import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { contractInput } from '../support/api';
import { NpmStart } from '../support/npm-start';

// Issue 25: a replacement of a big statement, its server killed (`kill -9`) half-way through
// writing the new lines. After a restart on the same data, every total is exact: the old
// statement whole again, the new one gone, `npm run reconcile` clean — and the correction can
// simply be sent again.

const LINES = 1500;
let server: NpmStart | undefined;
afterAll(() => server?.dispose());

/** A statement of LINES lines of `hours` each, on months January to November. */
const statement = (hours: number) =>
  [
    'contract_reference;plie_id;participant_ref;month;hours;mode',
    ...Array.from(
      { length: LINES },
      (_, i) =>
        `KILL-1;bordeaux;;2026-${String(1 + (i % 11)).padStart(2, '0')};${hours};direct-hire`,
    ),
  ].join('\n');

describe('a replacement killed half-way', () => {
  it('is undone at the next start: the old statement whole, totals exact', async () => {
    // Without the demo data: loading it took a good part of the test, which is about a
    // statement of its own. The one PLIE the lines name is registered instead.
    server = await NpmStart.create('clause-tracker-kill-', { DEMO_DATA: '0' });
    await server.start();
    const call = server.caller(await server.token({ role: 'procurement' }));
    const admin = server.caller(await server.token({ role: 'admin' }));
    const plie = await admin('PUT', '/api/plies/bordeaux', {
      name: 'PLIE de Bordeaux',
      communes: ['Bordeaux'],
      activeFrom: null,
    });
    expect(plie.status, JSON.stringify(plie.body)).toBe(201);
    const contract = await call(
      'POST',
      '/api/contracts',
      contractInput({
        reference: 'KILL-1',
        notifiedOn: '2025-12-15',
        startsOn: '2026-01-01',
        endsOn: '2026-12-31',
        targetHours: 20_000,
      }),
    );
    expect(contract.status, JSON.stringify(contract.body)).toBe(201);
    const hours = async () =>
      (await call('GET', `/api/contracts/${contract.body.id}`)).body.hoursLogged as number;

    const first = await call('POST', '/api/hours/import', statement(1), 'text/csv');
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const oldId = first.body.statementId as string;
    expect(await hours()).toBe(LINES);

    // The correction: every line 2 h. Killed once the old lines are all voided and some of
    // the new ones written.
    const replacing = call(
      'POST',
      `/api/statements/${oldId}/replace?reason=Correction`,
      statement(2),
      'text/csv',
    ).catch(() => null);
    // The hours fall while the old lines are voided, then rise as the new ones are written.
    // Waiting to read exactly 0 missed that moment when a read came a little late (CI, 7
    // December: the loop read on until its deadline): the first rise after a fall is the
    // new lines' phase.
    let fell = false;
    let last = LINES;
    let killedAt: number | null = null;
    const deadline = Date.now() + 90_000;
    while (killedAt === null && Date.now() < deadline) {
      const now = await hours();
      if (now < last) fell = true;
      if (fell && now > last && now > LINES / 4) {
        await server.kill();
        killedAt = now;
      } else {
        last = now;
        await sleep(20);
      }
    }
    expect(killedAt, 'the replacement ended before it could be killed').not.toBeNull();
    expect(killedAt).toBeLessThan(2 * LINES);
    await replacing;

    // Same data, a new process: what the killed one left under way is undone at start.
    await server.start();
    expect(server.output).toContain('1 remplacement(s) ou validation(s) annulé(s)');
    expect(await hours()).toBe(LINES);
    const old = await call('GET', `/api/statements/${oldId}`);
    expect(old.body).toMatchObject({ status: 'imported', replacedBy: null, pending: null });

    const reconcile = await server.reconcile();
    expect(reconcile.status, reconcile.stdout + reconcile.stderr).toBe(0);
    expect(reconcile.stdout).toContain('Tous les totaux sont égaux');

    // And the correction goes through when sent again.
    const again = await call(
      'POST',
      `/api/statements/${oldId}/replace?reason=Correction`,
      statement(2),
      'text/csv',
    );
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(await hours()).toBe(2 * LINES);

    await server.stop();
  }, 300_000);
});
