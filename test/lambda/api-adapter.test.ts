import { gzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { handle as honoHandle } from 'hono/aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { handle } from '../../functions/api/adapter';
import { createApp, primeJsonBody, securityHeaderList } from '../../shared/http/app';
import { authorizerClaims } from '../../shared/http/auth';
import type { AppEnv } from '../../shared/http/env';
import { problem, problemResponse } from '../../shared/http/problem';
import { createDocumentClient, localDynamoConfig } from '../../shared/store/client';
import { createStoreRegistry } from '../../shared/store/index';
import { createTestTable } from '../support/dynamo';
import { httpApiEvent, lambdaContext } from '../support/lambda-events';

// The API function's own Lambda adapter (functions/api/adapter.ts) against Hono's, which it
// replaced: for each kind of request and answer the API has (JSON in and out, problem JSON, a
// file uploaded base64, PDF / XLSX / CSV answers, cookies both ways, HEAD, a query, a
// compressed answer), both turn the same HTTP API event into the same Lambda result.

const PDF = Uint8Array.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x80, 0x0a, 0xe9]);
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Routes answering the way the API's do, and telling what they were given. */
function fixture() {
  const app = new Hono<AppEnv>();
  app.post('/json', async (c) => {
    const body = await c.req.json();
    return c.json({ body, type: c.req.header('content-type') }, 201);
  });
  app.post('/problem', () =>
    problemResponse(problem(422, 'validation', 'Le mois est hors de la période du marché.')),
  );
  app.post('/upload', async (c) => {
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    return c.json({
      length: bytes.length,
      bytes: [...bytes],
      size: c.req.header('content-length'),
    });
  });
  app.get('/file.pdf', (c) => c.body(PDF, 200, { 'content-type': 'application/pdf' }));
  app.get('/file.xlsx', (c) => c.body(PDF, 200, { 'content-type': XLSX_TYPE }));
  app.get('/export.csv', (c) =>
    c.body(`${c.req.query('bom') ? '\uFEFF' : ''}Marché;Heures\r\nÉcole;12,5\r\n`, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="heures.csv"',
    }),
  );
  app.get('/cookies', (c) => {
    c.header('set-cookie', 'a=1; Path=/; HttpOnly', { append: true });
    c.header('set-cookie', 'b=2; Path=/; Secure', { append: true });
    return c.json({ cookie: c.req.header('cookie') ?? null });
  });
  app.get('/query', (c) =>
    c.json({ query: c.req.queries(), name: c.req.header('x-name') ?? null, url: c.req.url }),
  );
  app.get('/gzip', (c) =>
    c.body(gzipSync('{"ok":true}'), 200, {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    }),
  );
  return app;
}

const json = { 'content-type': 'application/json' };
const upload = Buffer.from(Uint8Array.from({ length: 300 }, (_, i) => (i * 37) % 256));
const events = {
  'JSON in and out': httpApiEvent({
    method: 'POST',
    path: '/json',
    headers: json,
    body: JSON.stringify({ mois: '2026-03', heures: 12.5, nom: 'Élodie' }),
  }),
  'malformed JSON': httpApiEvent({ method: 'POST', path: '/json', headers: json, body: '{"a":' }),
  'a problem': httpApiEvent({ method: 'POST', path: '/problem', headers: json, body: '{}' }),
  'a file uploaded base64': {
    ...httpApiEvent({
      method: 'POST',
      path: '/upload',
      headers: { 'content-type': XLSX_TYPE },
      body: upload.toString('base64'),
    }),
    isBase64Encoded: true,
  },
  'a PDF answer': httpApiEvent({ method: 'GET', path: '/file.pdf' }),
  'an XLSX answer': httpApiEvent({ method: 'GET', path: '/file.xlsx' }),
  'a CSV answer': httpApiEvent({ method: 'GET', path: '/export.csv' }),
  HEAD: httpApiEvent({ method: 'HEAD', path: '/export.csv' }),
  'cookies both ways': {
    ...httpApiEvent({ method: 'GET', path: '/cookies' }),
    cookies: ['session=abc', 'theme=sombre'],
  },
  'a query and a non-ASCII header': httpApiEvent({
    method: 'GET',
    path: '/query',
    query: 'annee=2026&tri=notification&tri=montant',
    headers: { 'x-name': 'Zoé' },
  }),
  'a compressed answer': httpApiEvent({ method: 'GET', path: '/gzip' }),
  'no route': httpApiEvent({ method: 'GET', path: '/nowhere' }),
};

describe('the API function’s Lambda adapter', () => {
  it('answers a problem, not an error, when an answer fails while it is read', async () => {
    const app = new Hono<AppEnv>();
    app.get('/broken', () => {
      const body = new ReadableStream({
        pull(controller) {
          controller.error(new Error('disque illisible'));
        },
      });
      return new Response(body, { headers: { 'content-type': 'text/csv' } });
    });
    const logged: string[] = [];
    const result = await handle(app, {
      headers: async () => [['x-frame-options', 'DENY']],
      logError: (error, reference) => logged.push(`${reference} ${String(error)}`),
    })(httpApiEvent({ method: 'GET', path: '/broken' }), lambdaContext);
    expect(result.statusCode).toBe(500);
    expect(result.headers?.['content-type']).toContain('application/problem+json');
    expect(result.headers?.['x-frame-options']).toBe('DENY');
    const { detail } = JSON.parse(result.body);
    expect(detail).toMatch(/^Une erreur inattendue est survenue\. Référence : /);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('disque illisible');
    expect(detail).toContain(logged[0]?.split(' ')[0]);
  });

  it.each(Object.entries(events))('answers %s as Hono’s adapter did', async (_, event) => {
    const app = fixture();
    const ours = await handle(app)(event, lambdaContext);
    const hono = await honoHandle(app)(event, lambdaContext);
    expect(ours).toEqual(hono);
  });

  it('answers what the cases above are about', async () => {
    const app = handle(fixture());
    const upload64 = await app(events['a file uploaded base64'], lambdaContext);
    expect(JSON.parse(upload64.body)).toEqual({
      length: 300,
      bytes: [...upload],
      size: '300',
    });
    const pdf = await app(events['a PDF answer'], lambdaContext);
    expect(pdf.isBase64Encoded).toBe(true);
    expect(Buffer.from(pdf.body, 'base64')).toEqual(Buffer.from(PDF));
    const csv = await app(events['a CSV answer'], lambdaContext);
    expect(csv).toMatchObject({ isBase64Encoded: false, body: 'Marché;Heures\r\nÉcole;12,5\r\n' });
    const cookies = await app(events['cookies both ways'], lambdaContext);
    expect(cookies.cookies).toEqual(['a=1; Path=/; HttpOnly', 'b=2; Path=/; Secure']);
    expect(cookies.headers).not.toHaveProperty('set-cookie');
    expect(JSON.parse(cookies.body)).toEqual({ cookie: 'session=abc; theme=sombre' });
    expect((await app(events.HEAD, lambdaContext)).body).toBe('');
    const problemAnswer = await app(events['a problem'], lambdaContext);
    expect(problemAnswer.statusCode).toBe(422);
    expect(problemAnswer.headers?.['content-type']).toBe('application/problem+json; charset=utf-8');
  });

  it('keeps the BOM a CSV export starts with, which Hono’s adapter dropped', async () => {
    const app = fixture();
    const event = httpApiEvent({ method: 'GET', path: '/export.csv', query: 'bom=1' });
    const ours = await handle(app)(event, lambdaContext);
    expect(ours.body).toBe('\uFEFFMarché;Heures\r\nÉcole;12,5\r\n');
    // Excel reads a CSV without it as Windows-1252: « MarchÃ© ».
    expect((await honoHandle(app)(event, lambdaContext)).body).toBe(ours.body.slice(1));
  });

  it('hands a JSON body to the validators as text: the Request’s stream stays unread', async () => {
    const app = new Hono<AppEnv>();
    // As the API's app does in its first middleware and in each route group's.
    app.use('*', async (c, next) => {
      primeJsonBody(c);
      await next();
    });
    app.post('/json', async (c) => {
      const body = await c.req.json();
      return c.json({ body, streamRead: c.req.raw.bodyUsed });
    });
    const event = events['JSON in and out'];
    const primed = JSON.parse((await handle(app)(event, lambdaContext)).body);
    expect(primed.streamRead).toBe(false);
    const read = JSON.parse((await honoHandle(app)(event, lambdaContext)).body);
    expect(read).toEqual({ ...primed, streamRead: true });
  });
});

describe('the API with the adapter writing its security headers', () => {
  let options: Parameters<typeof createApp>[0];
  beforeAll(async () => {
    const table = await createTestTable();
    options = {
      stores: createStoreRegistry(
        createDocumentClient(localDynamoConfig(table.endpoint)),
        table.tableName,
      ),
      authenticator: authorizerClaims,
      httpsOnly: true,
      uploadOrigin: 'https://uploads.example.org',
    };
  });

  it.each([
    ['a stylesheet', httpApiEvent({ method: 'GET', path: '/docs.css' })],
    ['a problem (no token)', httpApiEvent({ method: 'GET', path: '/api/hours' })],
    [
      'a JSON answer',
      httpApiEvent({
        method: 'GET',
        path: '/api/plies',
        claims: { sub: 'u-admin', 'cognito:groups': '[admin]' },
      }),
    ],
    [
      'open data, readable from anywhere',
      httpApiEvent({ method: 'GET', path: '/open-data/x/2026.csv' }),
    ],
    ['no route', httpApiEvent({ method: 'GET', path: '/nowhere' })],
  ])('answers %s with the headers the app sets itself', async (_, event) => {
    const app = createApp(options);
    const ours = await handle(app, { headers: () => securityHeaderList(options) })(
      event,
      lambdaContext,
    );
    const hono = await honoHandle(app)(event, lambdaContext);
    expect(ours).toEqual(hono);
    expect(ours.headers?.['content-security-policy']).toContain(
      "connect-src 'self' https://uploads.example.org",
    );
    expect(ours.headers?.['strict-transport-security']).toBeDefined();
  });
});
