import { createConfig, lintFromString } from '@redocly/openapi-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../support/api';

// The OpenAPI document as third-party tools read it: Redocly's recommended rules find no error,
// every operation has its own id, and the document names its server and licence.

let api: TestApi;
let document: Record<string, any>;

beforeAll(async () => {
  api = await createTestApi();
  document = (await api.call('GET', '/openapi.json')).body;
});

describe('GET /openapi.json', () => {
  it('passes Redocly’s recommended rules with no error', async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({
      source: JSON.stringify(document),
      absoluteRef: 'openapi.json',
      config,
    });
    const errors = problems.filter((p) => p.severity === 'error');
    expect(
      errors.map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? ''}`),
    ).toEqual([]);
  });

  it('names every operation once, and says where it is served and under which licence', () => {
    const ids = Object.values(document.paths as Record<string, Record<string, any>>).flatMap(
      (item) => Object.values(item).map((operation) => operation.operationId),
    );
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(document.paths['/api/contracts/{id}'].get.operationId).toBe('getContractsId');
    expect(document.servers).toEqual([expect.objectContaining({ url: '/' })]);
    expect(document.info.license.name).toBe('AGPL-3.0-or-later');
  });

  it('documents the refusals every operation may meet, and those of a body', () => {
    for (const [path, item] of Object.entries(
      document.paths as Record<string, Record<string, any>>,
    ))
      for (const [method, operation] of Object.entries(item)) {
        const statuses = Object.keys(operation.responses);
        const where = `${method} ${path}`;
        if (path.startsWith('/api/'))
          for (const status of ['401', '403', '429', '500'])
            expect(statuses, where).toContain(status);
        if (operation.requestBody)
          for (const status of ['413', '415']) expect(statuses, where).toContain(status);
      }
    expect(document.paths['/api/changes'].get.description).toContain('entityType');
  });

  it('gives a contract and its detail each a whole schema of its own', () => {
    const { Contract, ContractDetail } = document.components.schemas;
    expect(ContractDetail.allOf).toBeUndefined();
    expect([ContractDetail.properties.allocation.type].flat()).toContain('array');
    expect(JSON.stringify(Contract.properties.allocation)).not.toContain('"array"');
  });
});
