import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, expect, it } from 'vitest';
import { decpFixture } from '../fixtures/decp/records';
import { seededApi, type TestApi } from '../support/api';

// A DECP file of the 2024 format names no buyer: the names the structure's contracts give are
// read once per import (DecpNames, shared/services/decp-names.ts), whatever the number of its
// records — one read of the contracts index, its `buyer` attribute only, never one per record.

let api: TestApi;
let procurement: string;

beforeAll(async () => {
  ({ api, procurement } = await seededApi());
});

it('reads the buyers’ names of the structure’s contracts once for an import of many records', async () => {
  const fixture = decpFixture('marches_avec_modifications.json') as {
    marches: { marche: Record<string, unknown>[] };
  };
  const [first] = fixture.marches.marche;
  const records = Array.from({ length: 6 }, (_, i) => ({ ...first, id: `NOMS-${i}` }));
  for (const record of records)
    expect(record).toMatchObject({ acheteur: { id: '21750001630066' } });

  // The queries that read the contracts index for its buyers (ProjectionExpression `#buyer`).
  let buyerReads = 0;
  const doc = api.doc as unknown as { send: (command: unknown) => Promise<unknown> };
  const send = doc.send.bind(doc);
  doc.send = (command: unknown) => {
    if (command instanceof QueryCommand && command.input.ProjectionExpression === '#buyer')
      buyerReads += 1;
    return send(command);
  };
  try {
    const result = await api.call('POST', '/api/contracts/import/decp', {
      token: procurement,
      body: { marches: { marche: records } },
    });
    expect(result.status, JSON.stringify(result.body)).toBe(200);
    expect(result.body).toMatchObject({ created: 6, errors: [] });
  } finally {
    doc.send = send;
  }
  expect(buyerReads).toBe(1);
});
