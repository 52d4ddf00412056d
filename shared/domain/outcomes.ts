import { longFrenchDate } from './calendar';
// Exit situations ("situations de sortie") and the two vocabularies computed from them.

export const OUTCOMES = [
  'cdi',
  'cdd-6m-plus',
  'temp-6m-plus',
  'work-study',
  'subsidised-6m-plus',
  'business-creation',
  'qualifying-training',
  'civil-service',
  'cdd-under-6m',
  'temp-under-6m',
  'subsidised-under-6m',
  'other-training',
  'other-siae',
  'job-seeking',
  'inactive',
  'dropout',
  'other',
  // Neutral exits: recorded, but left out of the rates' denominators (PLIE practice).
  'moved',
  'illness',
  'retirement',
  'death',
  'maternity',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const OUTCOME_LABELS: Record<Outcome, string> = {
  cdi: 'CDI',
  'cdd-6m-plus': 'CDD de 6 mois ou plus',
  'temp-6m-plus': 'Intérim de 6 mois ou plus',
  'work-study': 'Contrat d’apprentissage ou de professionnalisation',
  'subsidised-6m-plus': 'Contrat aidé de 6 mois ou plus',
  'business-creation': 'Création d’entreprise',
  'qualifying-training': 'Formation qualifiante',
  'civil-service': 'Titularisation dans la fonction publique',
  'cdd-under-6m': 'CDD de moins de 6 mois',
  'temp-under-6m': 'Intérim de moins de 6 mois',
  'subsidised-under-6m': 'Contrat aidé de moins de 6 mois',
  'other-training': 'Autre formation',
  'other-siae': 'Entrée dans une autre SIAE',
  'job-seeking': 'Recherche d’emploi',
  inactive: 'Inactivité',
  dropout: 'Abandon',
  other: 'Autre situation',
  moved: 'Déménagement hors du territoire',
  illness: 'Maladie de longue durée',
  retirement: 'Départ à la retraite',
  death: 'Décès',
  maternity: 'Congé maternité',
};

/**
 * Exits for a reason that says nothing of the pathway (moved away, long illness, retirement,
 * death, maternity leave): recorded, and left out of the rates' denominators, as PLIEs count.
 */
const NEUTRAL: ReadonlySet<Outcome> = new Set<Outcome>([
  'moved',
  'illness',
  'retirement',
  'death',
  'maternity',
]);

export function isNeutralExit(outcome: Outcome): boolean {
  return NEUTRAL.has(outcome);
}

/**
 * PLIE "sortie positive": a job of at least six months, a business creation or a qualifying
 * training course. A civil-service appointment is a permanent job, so it counts.
 */
const PLIE_POSITIVE: ReadonlySet<Outcome> = new Set<Outcome>([
  'cdi',
  'cdd-6m-plus',
  'temp-6m-plus',
  'work-study',
  'subsidised-6m-plus',
  'civil-service',
  'business-creation',
  'qualifying-training',
]);

export type DynamicExitKind = 'durable' | 'transition' | 'positive';

/**
 * IAE "sortie dynamique". Apprenticeship and professionalisation contracts are fixed-term
 * contracts of six months or more, hence durable; subsidised contracts are transition jobs
 * whatever their length, as the IAE rules class them.
 */
const DYNAMIC_KIND: Partial<Record<Outcome, DynamicExitKind>> = {
  cdi: 'durable',
  'cdd-6m-plus': 'durable',
  'temp-6m-plus': 'durable',
  'work-study': 'durable',
  'civil-service': 'durable',
  'business-creation': 'durable',
  'cdd-under-6m': 'transition',
  'temp-under-6m': 'transition',
  'subsidised-6m-plus': 'transition',
  'subsidised-under-6m': 'transition',
  'qualifying-training': 'positive',
  'other-training': 'positive',
  'other-siae': 'positive',
};

export function isPliePositive(outcome: Outcome): boolean {
  return PLIE_POSITIVE.has(outcome);
}

export function dynamicExitKind(outcome: Outcome): DynamicExitKind | null {
  return DYNAMIC_KIND[outcome] ?? null;
}

/**
 * How a bilan groups exits: a durable job and a transition job as the IAE classes them
 * (dynamicExitKind), training (qualifying or not), neutral exits apart, the rest "other"
 * (another SIAE, job seeking, inactivity, dropping out…). The positive rate stays the PLIE's
 * (isPliePositive): a subsidised contract of six months is a transition job here and a
 * positive exit there, as both vocabularies say.
 */
export const EXIT_GROUPS = ['durable', 'transition', 'training', 'other', 'neutral'] as const;
export type ExitGroup = (typeof EXIT_GROUPS)[number];

export const EXIT_GROUP_LABELS: Record<ExitGroup, string> = {
  durable: 'Emploi durable',
  transition: 'Emploi de transition',
  training: 'Formation',
  other: 'Autre situation',
  neutral: 'Sortie neutre',
};

const TRAINING: ReadonlySet<Outcome> = new Set<Outcome>(['qualifying-training', 'other-training']);

export function exitGroup(outcome: Outcome): ExitGroup {
  if (isNeutralExit(outcome)) return 'neutral';
  if (TRAINING.has(outcome)) return 'training';
  const kind = dynamicExitKind(outcome);
  return kind === 'durable' || kind === 'transition' ? kind : 'other';
}

/**
 * How a user picks and reads an exit: a PLIE positive exit (isPliePositive), a neutral one
 * (left out of the rates), or another — the three groups the exit form and lists show.
 */
export const OUTCOME_KINDS = ['positive', 'other', 'neutral'] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];

/** The groups' headings, as the exit form's list shows them. */
export const OUTCOME_KIND_LABELS: Record<OutcomeKind, string> = {
  positive: 'Sorties positives',
  other: 'Autres sorties',
  neutral: 'Sorties neutres (hors des taux)',
};

/** One exit's group, in a sentence: « CDI (sortie positive) ». */
export const OUTCOME_KIND_NAMES: Record<OutcomeKind, string> = {
  positive: 'sortie positive',
  other: 'autre sortie',
  neutral: 'sortie neutre',
};

export function outcomeKind(outcome: Outcome): OutcomeKind {
  if (isNeutralExit(outcome)) return 'neutral';
  return isPliePositive(outcome) ? 'positive' : 'other';
}

export interface OutcomeRates {
  /** Every recorded exit, neutral ones included. */
  exits: number;
  /** Neutral exits: counted in `exits`, left out of the rates' denominators. */
  neutral: number;
  positive: number;
  /** positive ÷ (exits − neutral); 0 when nobody exited for a non-neutral reason. */
  positiveRate: number;
  dynamic: { durable: number; transition: number; positive: number; rate: number };
}

export function outcomeRates(outcomes: readonly Outcome[]): OutcomeRates {
  const dynamic = { durable: 0, transition: 0, positive: 0 };
  let positive = 0;
  let neutral = 0;
  for (const outcome of outcomes) {
    if (isNeutralExit(outcome)) neutral += 1;
    if (isPliePositive(outcome)) positive += 1;
    const kind = dynamicExitKind(outcome);
    if (kind) dynamic[kind] += 1;
  }
  const exits = outcomes.length;
  const counted = exits - neutral;
  const ratio = (n: number) => (counted === 0 ? 0 : n / counted);
  const dynamicTotal = dynamic.durable + dynamic.transition + dynamic.positive;
  return {
    exits,
    neutral,
    positive,
    positiveRate: ratio(positive),
    dynamic: { ...dynamic, rate: ratio(dynamicTotal) },
  };
}

/** Why a participant cannot exit on that day, in French; null when they can. */
export function exitDateProblem(enteredOn: string, exitedOn: string): string | null {
  return exitedOn < enteredOn ? `Date antérieure à l’entrée (${longFrenchDate(enteredOn)})` : null;
}
