import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { csvText } from '#shared/report/render-csv';
import { contractInput, seededApi, type TestApi } from '../support/api';
import { itemCount } from '../support/items';

// Random and hostile input thrown at the API: never a 5xx, never a stack trace or an internal
// message in the answer, and a refused request writes nothing.

let api: TestApi;
let procurement: string;
let contractId: string;

beforeAll(async () => {
  ({ api, procurement } = await seededApi());
  contractId = (
    await api.call('POST', '/api/contracts', {
      token: procurement,
      body: contractInput({ reference: 'HOSTILE' }),
    })
  ).body.id;
});

const LEAKS =
  /(\bat .+\.(ts|js|mjs):\d+|TypeError|ReferenceError|SyntaxError: Unexpected|ValidationException|DynamoDB|node_modules)/;

async function send(
  method: string,
  path: string,
  body: string | undefined,
  contentType = 'application/json',
) {
  const response = await api.app.request(path, {
    method,
    headers: { authorization: `Bearer ${procurement}`, 'content-type': contentType },
    ...(body !== undefined ? { body } : {}),
  });
  return {
    status: response.status,
    text: await response.text(),
    type: response.headers.get('content-type') ?? '',
  };
}

function expectSafe(result: { status: number; text: string; type: string }) {
  expect(result.status, result.text).toBeLessThan(500);
  expect(result.text).not.toMatch(LEAKS);
  if (result.status >= 400) expect(result.type).toContain('application/problem+json');
}

/** Values a careless or malicious client sends. */
// String() throws on some values fc.anything() makes (an object without a prototype, or
// whose toString is not a function): those are written as fast-check prints them.
function asText(value: unknown): string {
  try {
    return String(value);
  } catch {
    return fc.stringify(value);
  }
}

const hostile = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  fc.constantFrom(
    null,
    true,
    Number.MAX_VALUE,
    -0,
    '',
    ' ',
    '\u0000',
    '__proto__',
    'constructor',
    '../../etc/passwd',
    '<script>alert(1)</script>',
    '=cmd|"/c calc"!A1',
  ),
  fc.string({ maxLength: 3000 }),
  fc.double(),
  fc.bigInt().map(String),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
);

const hoursBody = () =>
  fc.record(
    {
      contractId: fc.oneof(fc.constant(contractId), hostile),
      plieId: fc.oneof(fc.constantFrom('bordeaux', 'graves'), hostile),
      participantId: hostile,
      month: fc.oneof(fc.constantFrom('2025-03', '2025-13', '2025-1', '1999-01'), hostile),
      hours: fc.oneof(fc.constantFrom(7.5, 0, -1, 250.25, 1e12, 0.1, 0.005), hostile),
      mode: fc.oneof(fc.constantFrom('geiq', 'direct-hire'), hostile),
      __proto__: hostile,
    },
    { requiredKeys: [] },
  );

describe('hostile input', () => {
  it('POST /api/hours: never a 5xx or a leak; a refusal writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          hoursBody().map((b) => JSON.stringify(b)),
          fc.string({ maxLength: 500 }),
          fc.json(),
        ),
        async (body) => {
          const before = await itemCount(api);
          const result = await send('POST', '/api/hours', body);
          expectSafe(result);
          if (result.status !== 201) expect(await itemCount(api)).toBe(before);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('POST /api/contracts, /api/participants, PUT /api/plies: never a 5xx or a leak; a refusal writes nothing', async () => {
    const targets = fc.constantFrom(
      ['POST', '/api/contracts'],
      ['POST', '/api/participants'],
      ['PUT', '/api/plies/ok-id'],
      ['PATCH', `/api/contracts/${'x'.repeat(10)}`],
      ['POST', '/api/hours/01JUNKNOWN0000000000000000/void'],
    );
    const body = fc.oneof(
      fc.dictionary(
        fc.constantFrom(
          'reference',
          'title',
          'amount',
          'kind',
          'allocation',
          'reserved',
          'plieId',
          'ref',
          'eligibility',
          'enteredOn',
          'name',
          'reason',
        ),
        hostile,
      ),
      fc.record(
        {
          ...Object.fromEntries(
            Object.entries(contractInput()).map(([k, v]) => [k, fc.constant(v as unknown)]),
          ),
          amount: hostile,
          allocation: hostile,
          endsOn: hostile,
        },
        { requiredKeys: [] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(targets, body, async ([method, path], payload) => {
        const before = await itemCount(api);
        const result = await send(method as string, path as string, JSON.stringify(payload));
        expectSafe(result);
        if (result.status >= 400) expect(await itemCount(api)).toBe(before);
      }),
      { numRuns: 150 },
    );
  });

  it('free text with control or bidirectional characters is refused on its field, and writes nothing', async () => {
    const invisible = fc.constantFrom(
      '\u0000',
      '\u0007',
      '\u001B',
      '\u007F',
      '\u0085',
      '\u202A',
      '\u202B',
      '\u202D',
      '\u202E',
      '\u2066',
      '\u2067',
      '\u2068',
      '\u2069',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 30 }),
        invisible,
        fc.string({ maxLength: 30 }),
        fc.constantFrom('title', 'buyer', 'awardee'),
        async (before, character, after, field) => {
          const text = `Lot${before}${character}${after}`;
          const body = contractInput({ reference: `BIDI-${Math.random().toString(36).slice(2)}` });
          if (field === 'title') body.title = text;
          if (field === 'buyer') body.buyer = { ...body.buyer, name: text };
          if (field === 'awardee') body.awardee = { ...body.awardee, name: text };
          const count = await itemCount(api);
          const result = await send('POST', '/api/contracts', JSON.stringify(body));
          expectSafe(result);
          expect(result.status, result.text).toBe(400);
          const problem = JSON.parse(result.text);
          expect(problem.errors.map((e: { path: string }) => e.path)).toContain(
            field === 'title' ? 'title' : `${field}.name`,
          );
          expect(await itemCount(api)).toBe(count);
        },
      ),
      { numRuns: 40 },
    );
    // Line breaks and tabs pasted from a spreadsheet become spaces; text is kept in NFC.
    const pasted = await send(
      'POST',
      '/api/contracts',
      JSON.stringify(
        contractInput({ reference: 'PASTED-1', title: ' Re\u0301habilitation\tdu\r\ngymnase ' }),
      ),
    );
    expect(pasted.status, pasted.text).toBe(201);
    expect(JSON.parse(pasted.text).title).toBe('R\u00e9habilitation du gymnase');
  });

  it('query strings and path segments: never a 5xx or a leak', async () => {
    const segment = fc
      .oneof(fc.string({ maxLength: 80 }), hostile.map(asText))
      .map(encodeURIComponent);
    const paths = fc.oneof(
      fc
        .tuple(
          fc.constantFrom('year', 'activeIn', 'plieId', 'reserved', 'limit', 'cursor'),
          segment,
        )
        .map(([k, v]) => `/api/contracts?${k}=${v}`),
      fc
        .tuple(fc.constantFrom('contractId', 'plieId', 'month', 'cursor', 'limit'), segment)
        .map(([k, v]) => `/api/hours?contractId=${contractId}&${k}=${v}`),
      fc
        .tuple(fc.constantFrom('year', 'plieId', 'contractId'), segment)
        .map(([k, v]) => `/api/outcomes?${k}=${v}`),
      segment.map((s) => `/api/contracts/${s}`),
      segment.map((s) => `/api/funding?year=${s}`),
      segment.map((s) => `/api/reports/monthly/${s}?format=csv`),
      segment.map((s) => `/api/compliance?year=2025&tolerance=${s}`),
      segment.map((s) => `/api/participants/${s}`),
    );
    await fc.assert(
      fc.asyncProperty(paths, async (path) => {
        expectSafe(await send('GET', path, undefined));
      }),
      { numRuns: 200 },
    );
  });

  it('monthly statements: never a 5xx or a leak, and a refused file imports nothing', async () => {
    const cell = fc.oneof(
      fc.constantFrom('HOSTILE', 'bordeaux', '2025-03', '7,5', 'geiq', '', '"', '""', ';', ','),
      fc.string({ maxLength: 30 }),
    );
    const header = fc.constantFrom(
      'contract_reference;plie_id;participant_ref;month;hours;mode',
      'contract_reference,plie_id,participant_ref,month,hours,mode',
      '\uFEFFcontract_reference;plie_id;participant_ref;month;hours;mode',
      'nonsense',
    );
    const csv = fc
      .tuple(
        header,
        fc.array(fc.array(cell, { minLength: 0, maxLength: 8 }), { maxLength: 20 }),
        fc.constantFrom(';', ',', '\t'),
      )
      .map(([h, rows, sep]) =>
        [h, ...rows.map((r) => r.join(sep))].join(fc.sample(fc.constantFrom('\n', '\r\n'), 1)[0]),
      );
    await fc.assert(
      fc.asyncProperty(fc.oneof(csv, fc.string({ maxLength: 2000 })), async (text) => {
        const before = await itemCount(api);
        const result = await send('POST', '/api/hours/import', text, 'text/csv');
        expectSafe(result);
        if (result.status !== 200) expect(await itemCount(api)).toBe(before);
      }),
      { numRuns: 150 },
    );
  });

  it('CSV exports neutralise formulas: no cell starts with =, +, -, @', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const cell = csvText(text).replace(/^"/, '');
        expect(cell).not.toMatch(/^[=+\-@\t\r]/);
      }),
    );
  });
});
