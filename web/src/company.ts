import { holderOf } from '#shared/domain/awardees';
import { all } from './api';
import type { Session } from './auth';
import type { Contract } from './types';

// The awardee's company, as the header and its pages name it: the name its contracts give the
// company of the session's SIRET (as awardee or co-contractor). Read once per session.

/** The company's name among `contracts`, or null when none names it. */
export function companyNameIn(contracts: readonly Contract[], siret: string): string | null {
  for (const contract of contracts) {
    const name = holderOf(contract, siret)?.name.trim();
    if (name) return name;
  }
  return null;
}

let cache: { token: string; name: Promise<string | null> } | undefined;

/** The session's company name; null for any other role, or a company no contract names. */
export async function companyName(session: Session): Promise<string | null> {
  if (session.role !== 'awardee' || !session.siret) return null;
  const siret = session.siret;
  if (cache?.token !== session.token) {
    const entry = {
      token: session.token,
      name: all<Contract>('/api/contracts')
        .then((contracts) => companyNameIn(contracts, siret))
        .catch((error) => {
          if (cache === entry) cache = undefined;
          throw error;
        }),
    };
    cache = entry;
  }
  return cache.name;
}
