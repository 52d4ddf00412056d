import { beforeAll, describe, expect, it } from 'vitest';
import { contractInput, seededApi, type TestApi } from '../support/api';
import { itemCount } from '../support/items';

let api: TestApi;
let procurement: string;

beforeAll(async () => {
  ({ api, procurement } = await seededApi());
});

describe('HTTP basics', () => {
  it('answers /health without a token', async () => {
    const health = await api.call('GET', '/health');
    expect(health).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('serves an OpenAPI 3.1 document generated from the schemas, and a reference page', async () => {
    const doc = await api.call('GET', '/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    for (const path of [
      '/api/hours',
      '/api/hours/{id}/void',
      '/api/contracts',
      '/api/contracts/{id}',
      '/api/participants',
      '/api/plies/{plieId}/criteria/{year}',
    ]) {
      expect(Object.keys(doc.body.paths)).toContain(path);
    }
    expect(doc.body.components.schemas.HoursLineCreate.properties.mode.enum).toContain(
      'direct-hire',
    );
    const page = await api.app.request('/docs');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('/api/hours/{id}/void');
    expect(html).not.toContain('<script');
  });

  it('sets security headers on every answer', async () => {
    const response = await api.app.request('/docs');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(response.headers.get('permissions-policy')).toContain('camera=()');
    expect(response.headers.get('permissions-policy')).toContain('geolocation=()');
    // Plain HTTP locally: HSTS belongs to the HTTPS deployment (see the bundles test).
    expect(response.headers.get('strict-transport-security')).toBeNull();
    // The reference's styles come from a file, since no inline style is allowed.
    expect(await response.text()).not.toContain('<style');
    const css = await api.app.request('/docs.css');
    expect(css.headers.get('content-type')).toContain('text/css');
  });

  it('lets no cache keep what the API answers, errors included', async () => {
    const answers = [
      await api.call('GET', '/api/plies', { token: procurement }),
      await api.call('GET', '/api/participants', { token: procurement }),
      await api.call('GET', '/api/plies'),
      await api.call('GET', '/api/nothing-here', { token: procurement }),
      await api.call('POST', '/dev/token', { body: { role: 'admin' } }),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 401, 404, 200]);
    for (const answer of answers) expect(answer.headers.get('cache-control')).toBe('no-store');
  });

  it('answers unknown paths with a 404 problem', async () => {
    const response = await api.call('GET', '/api/nothing-here', { token: procurement });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body).toMatchObject({
      status: 404,
      title: expect.any(String),
      detail: expect.any(String),
    });
  });

  it('refuses bodies over 1 MB with 413, writing nothing', async () => {
    const count = await itemCount(api);
    const body = { ...contractInput(), title: 'x'.repeat(1024 * 1024 + 10) };
    const response = await api.call('POST', '/api/contracts', { token: procurement, body });
    expect(response.status).toBe(413);
    expect(response.body.type).toBe('urn:clause-tracker:problem:payload-too-large');
    expect(await itemCount(api)).toBe(count);
  });

  it('refuses a coordinator token without a PLIE and a token with no known role', async () => {
    const token = await api
      .token('plie-coordinator', undefined as unknown as string)
      .catch(() => null);
    expect(token).toBeNull();
    const noPlie = await api.call('POST', '/dev/token', { body: { role: 'plie-coordinator' } });
    expect(noPlie.status).toBe(400);
    expect(noPlie.body.errors[0].path).toBe('plieId');
  });
});
