import { request as httpRequest } from 'node:http';
import { networkInterfaces } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { NpmStart } from '../support/npm-start';

// `npm start` as a newcomer runs it: a fresh DATA_DIR, the real DynamoDB Local, demo data.

let server: NpmStart | undefined;
afterAll(() => server?.dispose());

describe('npm start', () => {
  it('answers /health within 60 s, lists the six demo PLIEs, reconciles, and stops cleanly', async () => {
    server = await NpmStart.create('clause-tracker-start-');
    const { port, base } = server;
    // Its own process group, so that SIGINT reaches every process as Ctrl-C in a terminal does;
    // start() fails with what it printed unless /health answers within 60 s.
    expect(await server.start(60_000)).toBeLessThan(60_000);

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
    expect(server.output).not.toContain('ATTENTION');

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

    const token = await server.token({ role: 'admin' });
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
    const reconcile = await server.reconcile();
    expect(reconcile.status, reconcile.stdout + reconcile.stderr).toBe(0);
    expect(reconcile.stdout).toContain('Tous les totaux sont égaux');

    await server.stop();
    await sleep(200);
    expect(server.output).toContain('Arrêté proprement');
    expect(await server.dynamoAnswers(), 'DynamoDB Local still answers').toBe(false);
  }, 120_000);
});
