import { api } from './api';
import type { Plie } from './types';

// The PLIEs by id, read once per session of the page: sentences name a PLIE, never its id.

let cache: Promise<Map<string, Plie>> | undefined;

export function plies(): Promise<Map<string, Plie>> {
  cache ??= api<{ items: Plie[] }>('GET', '/api/plies')
    .then((list) => new Map(list.items.map((p) => [p.id, p])))
    .catch((error) => {
      cache = undefined;
      throw error;
    });
  return cache;
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
