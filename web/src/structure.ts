import { STRUCTURE_ROLES } from '#shared/domain/access';
import { api } from './api';
import type { Session } from './auth';

// The signed-in person's structure ("structure porteuse"), as the header names it: read once
// per session (kept with its token), for the people of a structure only — an awardee, the
// operator and the observatory belong to none.

interface Cached {
  token: string;
  name: Promise<string>;
}
let cache: Cached | undefined;

/** The name of the session's structure; null for roles of no structure. */
export async function structureName(session: Session): Promise<string | null> {
  if (!STRUCTURE_ROLES.includes(session.role)) return null;
  if (cache?.token !== session.token) {
    const entry: Cached = {
      token: session.token,
      name: api<{ id: string; name: string }>('GET', '/api/tenant')
        .then((tenant) => tenant.name)
        .catch((error) => {
          if (cache === entry) cache = undefined;
          throw error;
        }),
    };
    cache = entry;
  }
  return cache.name;
}
