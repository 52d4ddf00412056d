import { actorName } from '#shared/domain/access';
import { addDays, parisDate } from '#shared/domain/calendar';
import {
  type ChangeNames,
  concernsText,
  type FieldChange,
  fieldChanges,
  objectName,
} from '#shared/domain/change-description';
import { actionLabel } from '#shared/domain/change-log';
import { InvalidInputError } from '#shared/errors';
import type { Change } from '#shared/store/changes';
import type { Page } from '#shared/store/pagination';
import type { ServiceDeps } from './deps';

/** A change as the journal shows it: named, with what it concerns and its before → after. */
export interface ChangeEntry extends Change {
  actionLabel: string;
  object: string;
  concerns: string;
  fieldChanges: FieldChange[];
}

export interface ChangesQuery {
  entityType?: string | undefined;
  entityId?: string | undefined;
  day?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  action?: string | undefined;
  actor?: string | undefined;
  contractId?: string | undefined;
  plieId?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

/** How far back the journal reads when no date is given. */
export const DEFAULT_JOURNAL_DAYS = 30;

/** The first instant of a Paris day, as an ISO UTC timestamp (Paris is UTC+1 or UTC+2). */
export function parisDayStart(day: string): string {
  const midnight = Date.parse(`${day}T00:00:00Z`);
  for (const hours of [2, 1]) {
    const at = new Date(midnight - hours * 3600_000);
    if (parisDate(at) === day) return at.toISOString();
  }
  return new Date(midnight).toISOString();
}

/**
 * The change log: one object's history or one UTC day's records, oldest first; otherwise the
 * journal — one entry per action between two Paris dates (the last 30 days by default),
 * filtered, newest first.
 */
export async function changesOf(
  deps: ServiceDeps,
  query: ChangesQuery,
): Promise<Page<ChangeEntry> & { actors?: Change['actor'][] }> {
  const { entityType, entityId, day, cursor, limit } = query;
  if (entityId) {
    if (!entityType) {
      throw new InvalidInputError('Précisez entityType avec entityId.', [
        { path: 'entityType', message: 'entityType requis avec entityId' },
      ]);
    }
    return named(deps, await deps.stores.changes.ofEntity(entityType, entityId, { cursor, limit }));
  }
  if (day) return named(deps, await deps.stores.changes.ofDay(day, { cursor, limit }));
  const today = parisDate(deps.now());
  const to = query.to ?? today;
  const from = query.from ?? addDays(to, -DEFAULT_JOURNAL_DAYS);
  if (from > to) {
    throw new InvalidInputError('La date de début suit la date de fin.', [
      { path: 'from', message: 'Date de début après la date de fin' },
    ]);
  }
  let contract: { id: string; reference: string } | undefined;
  if (query.contractId) {
    const found = await deps.stores.contracts.get(query.contractId);
    // An unknown contract concerns nothing: an empty page, not an error (it may be deleted).
    contract = { id: query.contractId, reference: found?.reference ?? query.contractId };
  }
  const range = {
    fromAt: parisDayStart(from),
    toAt: new Date(Date.parse(parisDayStart(addDays(to, 1))) - 1).toISOString(),
    action: query.action,
    entityType,
    contract,
    plieId: query.plieId,
  };
  // With the first page, everyone who acted in the range (the other filters applied): the
  // journal's « Qui » offers them all, not only the people of the entries shown.
  const [page, actors] = await Promise.all([
    deps.stores.changes.journal({ ...range, actor: query.actor, limit, cursor }),
    cursor ? undefined : deps.stores.changes.journalActors(range),
  ]);
  const entries = await named(deps, page);
  if (!actors) return entries;
  const sorted = [...actors].sort((a, b) =>
    actorName(a).localeCompare(actorName(b), 'fr', { sensitivity: 'base' }),
  );
  return { ...entries, actors: sorted };
}

/** The page's entries with their objects named: one read per contract, one of the PLIEs. */
async function named(deps: ServiceDeps, page: Page<Change>): Promise<Page<ChangeEntry>> {
  const contractIds = new Set<string>();
  const references = new Set<string>();
  for (const change of page.items) {
    if (change.entityType === 'contract') contractIds.add(change.entityId);
    for (const id of change.contractIds ?? []) contractIds.add(id);
    for (const reference of change.contractReferences ?? []) references.add(reference);
  }
  const [plies, contracts, byReference] = await Promise.all([
    deps.stores.plies.list(),
    Promise.all([...contractIds].map((id) => deps.stores.contracts.get(id))),
    Promise.all([...references].map((ref) => deps.stores.contracts.findByReference(ref))),
  ]);
  const names: ChangeNames = {
    plies: new Map(plies.map((p) => [p.id, { name: p.name }])),
    contracts: new Map(
      contracts.flatMap((c) => (c ? [[c.id, { reference: c.reference, title: c.title }]] : [])),
    ),
    // Two buyers' contracts of one reference: the reference alone says which file line meant.
    titlesByReference: new Map(
      byReference.flatMap((found) =>
        found.length === 1 && found[0] ? [[found[0].reference, found[0].title]] : [],
      ),
    ),
  };
  return {
    nextCursor: page.nextCursor,
    items: page.items.map((change) => ({
      ...change,
      actionLabel: actionLabel(change.action),
      object: objectName(change, names),
      concerns: concernsText(change, names),
      fieldChanges: fieldChanges(change, names),
    })),
  };
}
