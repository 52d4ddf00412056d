import type { Identity } from '#shared/domain/access';
import type { WriteContext } from '#shared/store/changes';
import type { Stores } from '#shared/store/index';

/** What the use cases need from the outside: the stores and a clock. */
export interface ServiceDeps {
  stores: Stores;
  now: () => Date;
}

export function writeContext(deps: ServiceDeps, actor: Identity): WriteContext {
  return { actor, at: deps.now().toISOString() };
}
