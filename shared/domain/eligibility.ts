// The eligibility codes of the national inclusion platform (les emplois de l'inclusion),
// plus the three cases social clauses add: people already in an SIAE, EPIDE / E2C trainees,
// and people the facilitator validates on another ground.
export const ELIGIBILITY_LABELS = {
  RSA: 'Bénéficiaire du RSA',
  AAH: 'Allocation aux adultes handicapés',
  ASS: 'Allocataire ASS',
  CAP_BEP: 'Niveau d’étude 3 (CAP, BEP) ou infra',
  SENIOR: 'Senior (50 ans et plus)',
  JEUNE: 'Jeune (moins de 26 ans)',
  ASE: 'Aide sociale à l’enfance',
  DELD: 'Demandeur d’emploi de longue durée (12 à 24 mois)',
  DETLD: 'Demandeur d’emploi de très longue durée (plus de 24 mois)',
  TH: 'Travailleur handicapé (RQTH)',
  PI: 'Parent isolé',
  PSH_PR: 'Personne sans hébergement ou hébergée, ou ayant un parcours de rue',
  REF_DA: 'Réfugié, protégé subsidiaire ou demandeur d’asile',
  ZRR: 'Résident ZRR',
  QPV: 'Résident QPV',
  DETENTION_MJ: 'Sortant de détention ou personne placée sous main de justice',
  FLE: 'Maîtrise de la langue française',
  PM: 'Problème de mobilité',
  SIAE: 'Salarié d’une structure d’insertion (SIAE)',
  EPIDE_E2C: 'Stagiaire EPIDE ou École de la deuxième chance',
  AUTRE: 'Autre public validé par le facilitateur',
} as const;

export type EligibilityCode = keyof typeof ELIGIBILITY_LABELS;
export const ELIGIBILITY_CODES = Object.keys(ELIGIBILITY_LABELS) as [
  EligibilityCode,
  ...EligibilityCode[],
];
