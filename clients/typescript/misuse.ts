// Type tests: mistakes a caller could make, which the generated types must refuse. If the types
// decayed to `any`, each `@ts-expect-error` below would be unused, and type-checking fails.
import createClient from 'openapi-fetch';
import type { paths } from './api';

const client = createClient<paths>({ baseUrl: 'http://localhost:3000' });

export async function misuses() {
  // @ts-expect-error a route the API does not have
  await client.GET('/api/contract');
  await client.POST('/api/hours', {
    // @ts-expect-error hours are a number, not text
    body: { contractId: 'c', plieId: 'bordeaux', month: '2025-03', hours: '7', mode: 'geiq' },
  });
  await client.POST('/api/hours', {
    // @ts-expect-error a mode the API does not know
    body: { contractId: 'c', plieId: 'bordeaux', month: '2025-03', hours: 7, mode: 'cdi' },
  });
  const { data } = await client.GET('/api/contracts/{id}', { params: { path: { id: 'c' } } });
  // @ts-expect-error a contract has no `hours` field (it is `hoursLogged`)
  return data?.hours;
}
