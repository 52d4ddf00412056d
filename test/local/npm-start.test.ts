import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/ports';

// `npm start` as a newcomer runs it: a fresh DATA_DIR, the real DynamoDB Local, demo data.

const dataDir = mkdtempSync(join(tmpdir(), 'clause-tracker-start-'));
let server: ChildProcess | undefined;

afterAll(() => {
  if (server?.pid && server.exitCode === null) {
    try {
      process.kill(-server.pid, 'SIGKILL');
    } catch {}
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start', () => {
  it('answers /health within 60 s, lists the six demo PLIEs, reconciles, and stops cleanly', async () => {
    const [port, dynamoPort] = [await freePort(), await freePort()];
    const env = {
      ...process.env,
      PORT: String(port),
      DYNAMODB_PORT: String(dynamoPort),
      DATA_DIR: dataDir,
    };
    const started = Date.now();
    // Its own process group, so that SIGINT reaches every process as Ctrl-C in a terminal does.
    server = spawn('npm', ['start', '--silent'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    server.stdout?.on('data', (chunk) => (output += chunk));
    server.stderr?.on('data', (chunk) => (output += chunk));

    const base = `http://127.0.0.1:${port}`;
    let healthy = false;
    while (!healthy && Date.now() - started < 60_000) {
      healthy = await fetch(`${base}/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (!healthy) await sleep(250);
    }
    expect(healthy, output).toBe(true);
    expect(Date.now() - started).toBeLessThan(60_000);

    // Loopback only: from this machine's own network address, nothing answers.
    const outside = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
    if (outside) {
      const reached = await fetch(`http://${outside}:${port}/health`, {
        signal: AbortSignal.timeout(3000),
      }).then(
        () => true,
        () => false,
      );
      expect(reached, `the server answered on ${outside}`).toBe(false);
    }
    expect(output).not.toContain('ATTENTION');

    // Reached under another name (a page's, re-pointed to 127.0.0.1 by DNS rebinding): refused.
    const rebound = await new Promise<number>((resolve, reject) => {
      const request = httpRequest(
        {
          host: '127.0.0.1',
          port,
          path: '/dev/token',
          method: 'POST',
          headers: { host: `attacker.example:${port}`, 'content-type': 'application/json' },
        },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      request.on('error', reject);
      request.end('{"role":"admin"}');
    });
    expect(rebound).toBe(403);

    const { token } = await (
      await fetch(`${base}/dev/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"role":"admin"}',
      })
    ).json();
    const plies = await (
      await fetch(`${base}/api/plies`, { headers: { authorization: `Bearer ${token}` } })
    ).json();
    expect(plies.items.map((p: { name: string }) => p.name).sort()).toEqual([
      'PLIE ADSI Technowest',
      'PLIE Portes du Sud',
      'PLIE de Bordeaux',
      'PLIE des Graves',
      'PLIE des Hauts de Garonne',
      'PLIE des Sources',
    ]);
    const contracts = await (
      await fetch(`${base}/api/contracts`, { headers: { authorization: `Bearer ${token}` } })
    ).json();
    expect(contracts.items.length).toBeGreaterThan(0);
    expect(contracts.items.some((c: { hoursLogged: number }) => c.hoursLogged > 0)).toBe(true);

    // reconcile reuses the DynamoDB Local that npm start is running
    const reconcile = spawnSync('npm', ['run', 'reconcile', '--silent'], { env, encoding: 'utf8' });
    expect(reconcile.status, reconcile.stdout + reconcile.stderr).toBe(0);
    expect(reconcile.stdout).toContain('Tous les totaux sont égaux');

    const exited = new Promise<void>((resolve) => server?.once('exit', () => resolve()));
    process.kill(-(server.pid as number), 'SIGINT');
    await exited;
    await sleep(200);
    expect(output).toContain('Arrêté proprement');
    const dynamoGone = await fetch(`http://127.0.0.1:${dynamoPort}`).then(
      () => false,
      () => true,
    );
    expect(dynamoGone).toBe(true);
  }, 120_000);
});
