import { beforeAll, describe, expect, it } from 'vitest';
import { contractInput, seededApi, type TestApi } from '../support/api';

// The attestation of a contract's insertion hours: year by year and modality by modality, the
// ledger's active lines only (a voided line and a declaration awaiting validation do not
// count), for the contract's awardee and the structure's facilitators. The clock: March 2026,
// the contract ended on 31 December 2025.

const COMPANY = '41234567800012'; // Bâtiment Solidaire, contractInput()'s awardee
const OTHER = '73282932000074';

let api: TestApi;
let procurement: string;
let awardee: string;
let contractId: string;
let otherId: string;
let runningId: string;

const log = async (contract: string, month: string, hours: number, mode: string) => {
  const logged = await api.call('POST', '/api/hours', {
    token: procurement,
    body: { contractId: contract, plieId: 'bordeaux', month, hours, mode },
  });
  expect(logged.status, JSON.stringify(logged.body)).toBe(201);
  return logged.body.id as string;
};

beforeAll(async () => {
  ({ api, procurement } = await seededApi(() => new Date('2026-03-10T09:00:00Z')));
  const create = async (overrides: Parameters<typeof contractInput>[0]) => {
    const created = await api.call('POST', '/api/contracts', {
      token: procurement,
      body: contractInput(overrides),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.id as string;
  };
  contractId = await create({
    reference: 'ATT-2024',
    title: 'Rénovation du collège Jean-Moulin',
    lot: 'Lot 2 — gros œuvre',
    notifiedOn: '2024-05-15',
    startsOn: '2024-06-01',
    endsOn: '2025-12-31',
    targetHours: 1_000,
  });
  otherId = await create({ awardee: { name: 'Autre Entreprise', siret: OTHER } });
  runningId = await create({
    notifiedOn: '2025-11-02',
    startsOn: '2025-11-02',
    endsOn: '2027-06-30',
  });
  await log(contractId, '2024-09', 120.5, 'direct-hire');
  await log(contractId, '2024-10', 35.25, 'temporary-work');
  await log(contractId, '2025-02', 151.67, 'direct-hire');
  await log(contractId, '2025-03', 70, 'geiq');
  const voided = await log(contractId, '2025-04', 200, 'training');
  expect(
    (
      await api.call('POST', `/api/hours/${voided}/void`, {
        token: procurement,
        body: { reason: 'Saisie en double' },
      })
    ).status,
  ).toBe(200);
  await log(runningId, '2025-12', 10, 'direct-hire');
  await log(runningId, '2026-02', 20, 'direct-hire');
  awardee = (await api.call('POST', '/dev/token', { body: { role: 'awardee', siret: COMPANY } }))
    .body.token;
  // A declaration not validated yet: it counts for nothing.
  const declared = await api.call('POST', '/api/statements', {
    token: awardee,
    body: {
      contractId,
      month: '2025-11',
      lines: [{ description: 'manœuvre', hours: 80, mode: 'direct-hire' }],
    },
  });
  expect(declared.status, JSON.stringify(declared.body)).toBe(201);
});

describe('the attestation of a contract’s insertion hours', () => {
  it('gives the hours by year and modality, the validated lines only', async () => {
    const answer = await api.call('GET', `/api/contracts/${contractId}/attestation`, {
      token: awardee,
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toMatchObject({
      issuedOn: '2026-03-10',
      contract: {
        reference: 'ATT-2024',
        title: 'Rénovation du collège Jean-Moulin',
        lot: 'Lot 2 — gros œuvre',
        buyer: { name: 'Bordeaux Métropole' },
        awardee: { name: 'Bâtiment Solidaire', siret: COMPANY },
        startsOn: '2024-06-01',
        endsOn: '2025-12-31',
        targetHours: 1_000,
      },
      ended: true,
    });
    expect(answer.body.years).toEqual([
      {
        year: 2024,
        byMode: [
          { mode: 'direct-hire', hours: 120.5 },
          { mode: 'temporary-work', hours: 35.25 },
        ],
        total: 155.75,
      },
      {
        year: 2025,
        byMode: [
          { mode: 'direct-hire', hours: 151.67 },
          { mode: 'geiq', hours: 70 },
        ],
        total: 221.67,
      },
    ]);
    expect(answer.body.byMode).toEqual([
      { mode: 'direct-hire', hours: 272.17 },
      { mode: 'temporary-work', hours: 35.25 },
      { mode: 'geiq', hours: 70 },
    ]);
    expect(answer.body.total).toBe(377.42);
    // The same figure as the contract's own total.
    const contract = await api.call('GET', `/api/contracts/${contractId}`, { token: awardee });
    expect(contract.body.hoursLogged).toBe(answer.body.total);
  });

  it('covers a running contract up to the year of issue, and says it has not ended', async () => {
    const answer = await api.call('GET', `/api/contracts/${runningId}/attestation`, {
      token: procurement,
    });
    expect(answer.status).toBe(200);
    expect(answer.body.ended).toBe(false);
    expect(
      answer.body.years.map((y: { year: number; total: number }) => [y.year, y.total]),
    ).toEqual([
      [2025, 10],
      [2026, 20],
    ]);
    expect(answer.body.structure.id).toBe('default');
    expect(answer.body.structure.name).not.toBe('');
  });

  it('is the awardee’s for its company’s contracts only, and the facilitators’', async () => {
    const status = async (token: string, id: string) =>
      (await api.call('GET', `/api/contracts/${id}/attestation`, { token })).status;
    expect(await status(awardee, otherId)).toBe(404);
    expect(await status(procurement, otherId)).toBe(200);
    expect(await status(await api.token('admin'), contractId)).toBe(200);
    expect(await status(await api.token('plie-coordinator', 'bordeaux'), contractId)).toBe(403);
    const unknown = await api.call('GET', '/api/contracts/01JB9Z6Q4K8M2N5P7R9T1V3X5Z/attestation', {
      token: procurement,
    });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    const malformed = await api.call('GET', '/api/contracts/not%20an%20id/attestation', {
      token: procurement,
    });
    expect(malformed.status).toBe(400);
    expect((await api.call('GET', `/api/contracts/${contractId}/attestation`)).status).toBe(401);
  });
});
