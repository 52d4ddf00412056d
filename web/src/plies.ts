import { api } from './api';
import { currentSession } from './auth';
import type { Plie } from './types';

// The PLIEs by id, read once per session of the page: sentences name a PLIE, never its id.
// Kept with the token they were read with: signed out and in again, to another structure
// perhaps, the list is read again.

interface Cached {
  token: string | undefined;
  list: Promise<Map<string, Plie>>;
}
let cache: Cached | undefined;

export function plies(): Promise<Map<string, Plie>> {
  const token = currentSession()?.token;
  if (!cache || cache.token !== token) {
    const entry: Cached = {
      token,
      list: api<{ items: Plie[] }>('GET', '/api/plies')
        .then((list) => new Map(list.items.map((p) => [p.id, p])))
        .catch((error) => {
          if (cache === entry) cache = undefined;
          throw error;
        }),
    };
    cache = entry;
  }
  return cache.list;
}

/** A PLIE's name, or its id if the list cannot say (a PLIE since removed). */
export async function plieName(id: string): Promise<string> {
  return (await plies()).get(id)?.name ?? id;
}

/** After an administrator changes a PLIE. */
export function forgetPlies(): void {
  cache = undefined;
}

/** The territories the PLIEs name, in French alphabetical order. */
export function territoriesOf(list: Iterable<Plie>): string[] {
  const names = new Set<string>();
  for (const p of list) if (p.territory) names.add(p.territory);
  return [...names].sort((a, b) => a.localeCompare(b, 'fr'));
}
