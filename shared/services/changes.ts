import { InvalidInputError } from '#shared/errors';
import type { Change } from '#shared/store/changes';
import type { Page } from '#shared/store/pagination';
import type { ServiceDeps } from './deps';

/** The change log of one entity, or of one UTC day, oldest first. */
export async function changesOf(
  deps: ServiceDeps,
  query: {
    entityType?: string | undefined;
    entityId?: string | undefined;
    day?: string | undefined;
    cursor?: string | undefined;
    limit: number;
  },
): Promise<Page<Change>> {
  const { entityType, entityId, day, cursor, limit } = query;
  if (entityType && entityId) {
    return deps.stores.changes.ofEntity(entityType, entityId, { cursor, limit });
  }
  if (day) return deps.stores.changes.ofDay(day, { cursor, limit });
  throw new InvalidInputError('Précisez entityType et entityId, ou day.', [
    { path: 'day', message: 'entityType et entityId, ou day, requis' },
  ]);
}
