import { describe, expect, it } from 'vitest';
import { createApp } from '#shared/http/app';
import { devTokenClaims, signDevToken } from '#shared/http/auth';
import { type GroupName, groupOf, ROUTE_GROUPS } from '#shared/http/route-groups';
import { createDocumentClient } from '#shared/store/client';
import { createStoreRegistry } from '#shared/store/index';

// The app loads a route group on the first request under its paths (issue 15: a cold Lambda
// compiles what it serves). Every route of every group must be found by `groupOf`, or it would
// answer 404 in every mode.

describe('route groups', () => {
  it('every route of every group is dispatched to that group', async () => {
    // A route appears once per handler (its validators, then itself): counted once.
    const routes = new Set<string>();
    for (const [name, load] of Object.entries(ROUTE_GROUPS) as [GroupName, () => Promise<any>][]) {
      const app = await load();
      for (const route of app.routes as { method: string; path: string }[]) {
        if (route.method === 'ALL') continue;
        // A path as a request gives it: each parameter with a value.
        const path = route.path.replace(/:[^/]+/g, 'X1');
        expect({ path, group: groupOf(path) }).toEqual({ path, group: name });
        routes.add(`${route.method} ${route.path}`);
      }
    }
    // 80 operations of /api in the groups (the local sign-in and the public open data apart):
    // 62, then bilans and participants (2), administrators and exports (5), buyer contacts and
    // open data (6), a funder's convention (1), a contract's attestation, the report as sent and
    // a DECP import's refusals (3), a DECP preview's file imported (1).
    expect(routes.size).toBe(80);
  });

  it('a path no group serves is a 404 problem, after authentication', async () => {
    const secret = 'groups';
    const app = createApp({
      // Never reached: neither request gets as far as the store.
      stores: createStoreRegistry(createDocumentClient({ region: 'eu-west-3' }), 'unused'),
      authenticator: devTokenClaims(secret),
    });
    expect((await app.request('/api/nowhere')).status).toBe(401);
    const token = await signDevToken(secret, { role: 'admin' }, new Date());
    const response = await app.request('/api/nowhere', {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(groupOf('/nowhere')).toBeNull();
    // A group's own miss is the same problem.
    const miss = await app.request('/api/contracts/X1/nothing', {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(miss.status).toBe(404);
    expect(await miss.json()).toMatchObject({ type: 'urn:clause-tracker:problem:not-found' });
  });
});
