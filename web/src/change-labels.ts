// How the pages name what a change record says: its kind of object and its action.

export const ENTITY_LABELS: Record<string, string> = {
  contract: 'Marché',
  'hours-line': 'Ligne d’heures',
  statement: 'Relevé',
  participant: 'Participant',
  plie: 'PLIE',
  'allocation-weights': 'Pondération des critères',
  'funding-convention': 'Convention de financement',
  'eu-thresholds': 'Seuils européens',
  'open-data': 'Données ouvertes',
  setting: 'Réglage',
};

export const ACTION_LABELS: Record<string, string> = {
  create: 'création',
  update: 'modification',
  set: 'enregistrement',
  'set-criteria': 'critères de l’année',
  amend: 'avenant',
  'recompute-allocation': 'clé de répartition recalculée',
  log: 'saisie',
  import: 'import du relevé',
  upload: 'import',
  void: 'annulation',
  withdrawn: 'retrait',
  replaced: 'remplacement',
  exit: 'sortie enregistrée',
  'correct-exit': 'sortie corrigée',
  'cancel-exit': 'sortie annulée',
  erase: 'effacement (RGPD)',
  publish: 'publication',
  retract: 'retrait de la publication',
  delete: 'suppression',
};

/** Where an object of the change log is shown, when it has a page. */
export function entityHref(entityType: string, entityId: string): string | null {
  if (entityType === 'contract') return `#/marches/${entityId}`;
  if (entityType === 'participant') return `#/participants/${entityId}`;
  if (entityType === 'plie') return `#/plie/${entityId}`;
  return null;
}
