import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/ports';
import { contractInput } from '../support/api';

// Issue 25: a replacement of a big statement, its server killed (`kill -9`) half-way through
// writing the new lines. After a restart on the same data, every total is exact: the old
// statement whole again, the new one gone, `npm run reconcile` clean — and the correction can
// simply be sent again.

const dataDir = mkdtempSync(join(tmpdir(), 'clause-tracker-kill-'));
const LINES = 1500;
let server: ChildProcess | undefined;

const killGroup = (child: ChildProcess | undefined, signal: NodeJS.Signals) => {
  if (child?.pid && child.exitCode === null) {
    try {
      process.kill(-child.pid, signal);
    } catch {}
  }
};

afterAll(() => {
  killGroup(server, 'SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/** `npm start` on this test's data, in a process group of its own (so that kill reaches all). */
async function start(env: NodeJS.ProcessEnv, base: string) {
  const child = spawn('npm', ['start', '--silent'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const output = { text: '' };
  child.stdout?.on('data', (chunk) => (output.text += chunk));
  child.stderr?.on('data', (chunk) => (output.text += chunk));
  const started = Date.now();
  while (Date.now() - started < 90_000) {
    if (
      await fetch(`${base}/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { child, output };
    await sleep(250);
  }
  throw new Error(`npm start did not answer:\n${output.text}`);
}

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
    const [port, dynamoPort] = [await freePort(), await freePort()];
    const env = {
      ...process.env,
      PORT: String(port),
      DYNAMODB_PORT: String(dynamoPort),
      DATA_DIR: dataDir,
    };
    const base = `http://127.0.0.1:${port}`;
    ({ child: server } = await start(env, base));

    const { token } = await (
      await fetch(`${base}/dev/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"role":"procurement"}',
      })
    ).json();
    const call = async (method: string, path: string, body?: string, type = 'application/json') => {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': type },
        ...(body ? { body } : {}),
      });
      return { status: response.status, body: await response.json() };
    };
    const contract = await call(
      'POST',
      '/api/contracts',
      JSON.stringify(
        contractInput({
          reference: 'KILL-1',
          notifiedOn: '2025-12-15',
          startsOn: '2026-01-01',
          endsOn: '2026-12-31',
          targetHours: 20_000,
        }),
      ),
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
    let sawVoided = false;
    let killedAt: number | null = null;
    const deadline = Date.now() + 90_000;
    while (killedAt === null && Date.now() < deadline) {
      const now = await hours();
      if (now === 0) sawVoided = true;
      if (sawVoided && now > LINES / 4) {
        killGroup(server, 'SIGKILL');
        killedAt = now;
      } else await sleep(20);
    }
    expect(killedAt, 'the replacement ended before it could be killed').not.toBeNull();
    expect(killedAt).toBeLessThan(2 * LINES);
    await replacing;
    await sleep(500);

    // Same data, a new process: what the killed one left under way is undone at start.
    const restarted = await start(env, base);
    server = restarted.child;
    expect(restarted.output.text).toContain('1 remplacement(s) ou validation(s) annulé(s)');
    expect(await hours()).toBe(LINES);
    const old = await call('GET', `/api/statements/${oldId}`);
    expect(old.body).toMatchObject({ status: 'imported', replacedBy: null, pending: null });

    const reconcile = spawnSync('npm', ['run', 'reconcile', '--silent'], { env, encoding: 'utf8' });
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

    const exited = new Promise<void>((resolve) => server?.once('exit', () => resolve()));
    killGroup(server, 'SIGINT');
    await exited;
  }, 300_000);
});
