import type { LongTransitionName, StatementState } from './statement-lifecycle';

// What the change log records, and how it names it in French: every kind of object and every
// action any write records (the store's changeItem takes only these, so a new action cannot be
// written without its label), and which records are entries of the journal — one per action a
// person took, not one per line an import wrote.

export const CHANGE_ENTITY_LABELS = {
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
} as const;
export type ChangeEntityType = keyof typeof CHANGE_ENTITY_LABELS;
export const CHANGE_ENTITY_TYPES = Object.keys(CHANGE_ENTITY_LABELS) as ChangeEntityType[];

// A statement's transition records the state it reaches (any state, as the store types it); an
// undone change, its name + `-undone`.

export const CHANGE_ACTION_LABELS = {
  create: 'Création',
  update: 'Modification',
  set: 'Enregistrement',
  'set-criteria': 'Critères de l’année enregistrés',
  amend: 'Avenant',
  'recompute-allocation': 'Clé de répartition recalculée',
  'invite-awardee': 'Titulaire invité',
  log: 'Heures saisies',
  import: 'Ligne importée d’un relevé',
  void: 'Ligne annulée',
  'undo-import': 'Ligne reprise (opération interrompue)',
  'undo-void': 'Annulation reprise (opération interrompue)',
  upload: 'Relevé reçu, import commencé',
  submit: 'Relevé déclaré par le titulaire',
  imported: 'Relevé importé',
  withdrawn: 'Relevé retiré',
  replaced: 'Relevé remplacé',
  validated: 'Relevé validé',
  rejected: 'Relevé refusé',
  'leave-out-duplicates': 'Doublons possibles laissés de côté',
  submitted: 'Relevé déclaré',
  // States a transition holds while it writes lines: never a record's action today, named anyway.
  importing: 'Import du relevé commencé',
  withdrawing: 'Retrait du relevé commencé',
  replacing: 'Remplacement du relevé commencé',
  validating: 'Validation du relevé commencée',
  'withdraw-undone': 'Retrait interrompu, défait',
  'replace-undone': 'Remplacement interrompu, défait',
  'validate-undone': 'Validation interrompue, défaite',
  exit: 'Sortie enregistrée',
  'correct-exit': 'Sortie corrigée',
  'cancel-exit': 'Sortie annulée',
  erase: 'Effacement (RGPD)',
  publish: 'Publication',
  retract: 'Retrait de la publication',
  delete: 'Suppression',
} as const satisfies Record<StatementState | `${LongTransitionName}-undone`, string> &
  Record<string, string>;
export type ChangeAction = keyof typeof CHANGE_ACTION_LABELS;
export const CHANGE_ACTIONS = Object.keys(CHANGE_ACTION_LABELS) as ChangeAction[];

/** The settings the log names (entityType `setting`, entityId one of these). */
export const SETTING_LABELS: Record<string, string> = {
  reminders: 'relances des titulaires',
  'report-recipients': 'destinataires du rapport mensuel',
  'buyer-contacts': 'contacts des acheteurs',
};

/**
 * Records that are one step of a larger action, whose own entry says it: each line an import,
 * a validation or a replacement writes (the statement's entry names them), and a file's receipt
 * before its import ends (`imported` follows). They stay in their object's history.
 */
const PARTS_OF_AN_ACTION: ReadonlySet<string> = new Set([
  'hours-line/import',
  'hours-line/undo-import',
  'hours-line/undo-void',
  'statement/upload',
]);

/** Is this record an entry of the journal (one per action), or a part of one? */
export function inJournal(entityType: string, action: string): boolean {
  return !PARTS_OF_AN_ACTION.has(`${entityType}/${action}`);
}

export const actionLabel = (action: string): string =>
  (CHANGE_ACTION_LABELS as Record<string, string>)[action] ?? action;
export const entityLabel = (entityType: string): string =>
  (CHANGE_ENTITY_LABELS as Record<string, string>)[entityType] ?? entityType;
