import { CHANGE_ACTION_LABELS, CHANGE_ENTITY_LABELS } from '#shared/domain/change-log';

// How the pages name what a change record says: its kind of object and its action — the
// labels of shared/domain/change-log.ts, where every action written has one (a test checks it).

export const ENTITY_LABELS: Record<string, string> = CHANGE_ENTITY_LABELS;
export const ACTION_LABELS: Record<string, string> = CHANGE_ACTION_LABELS;

/** Where an object of the change log is shown, when it has a page. */
export function entityHref(entityType: string, entityId: string): string | null {
  if (entityType === 'contract') return `#/marches/${entityId}`;
  if (entityType === 'participant') return `#/participants/${entityId}`;
  if (entityType === 'plie') return `#/plie/${entityId}`;
  return null;
}
