import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TENANT } from '#shared/domain/tenants';
import { tenantKeys } from '#shared/store/keys';
import { reconcile } from '#shared/store/reconcile';
import { upgradeIndexes } from '#shared/store/upgrades';
import { contractInput, seededApi } from '../support/api';

// The people with hours in a year, counted from a total per person and year (the observatory
// and the bilan read no line): kept by the lines' transactions, written once for older data.

const keys = tenantKeys(DEFAULT_TENANT);

describe('participant × year totals', () => {
  it('count a person once a year, follow voids, and are written for data from before them', async () => {
    const { api, admin, procurement } = await seededApi();
    const contract = await api.call('POST', '/api/contracts', {
      token: procurement,
      body: contractInput({ endsOn: '2026-12-31' }),
    });
    const person = async (ref: string) =>
      (
        await api.call('POST', '/api/participants', {
          token: admin,
          body: { plieId: 'bordeaux', ref, eligibility: ['RSA'], enteredOn: '2025-01-02' },
        })
      ).body.id as string;
    const [one, two] = [await person('PY-1'), await person('PY-2')];
    const log = (participantId: string, month: string, hours: number) =>
      api.call('POST', '/api/hours', {
        token: procurement,
        body: {
          contractId: contract.body.id,
          plieId: 'bordeaux',
          participantId,
          month,
          hours,
          mode: 'geiq',
        },
      });
    await log(one, '2025-02', 10);
    await log(one, '2025-03', 15);
    await log(one, '2026-01', 5);
    const voided = await log(two, '2025-04', 8);
    expect(await api.stores.totals.peopleOfYear(2025)).toBe(2);
    expect(await api.stores.totals.peopleOfYear(2026)).toBe(1);
    await api.call('POST', `/api/hours/${voided.body.id}/void`, {
      token: procurement,
      body: { reason: 'Saisie en double' },
    });
    expect(await api.stores.totals.peopleOfYear(2025)).toBe(1);
    expect((await reconcile(api.doc, api.tableName)).differences).toEqual([]);

    // Data of an earlier version: no such totals, the upgrade not recorded.
    for (const year of [2025, 2026]) {
      const { Items = [] } = await api.doc.send(
        new QueryCommand({
          TableName: api.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.peopleYearPartition(year) },
        }),
      );
      for (const item of Items) {
        await api.doc.send(
          new DeleteCommand({ TableName: api.tableName, Key: { pk: item.pk, sk: item.sk } }),
        );
      }
    }
    await api.doc.send(
      new DeleteCommand({ TableName: api.tableName, Key: keys.setting('upgrade:people-years') }),
    );
    expect(await api.stores.totals.peopleOfYear(2025)).toBe(0);
    expect((await reconcile(api.doc, api.tableName)).differences).not.toEqual([]);
    await upgradeIndexes(api.stores, new Date().toISOString());
    expect(await api.stores.totals.peopleOfYear(2025)).toBe(1);
    expect(await api.stores.totals.peopleOfYear(2026)).toBe(1);
    expect((await reconcile(api.doc, api.tableName)).differences).toEqual([]);
  });
});
