import type { AllocationMode } from './allocation';
import { type Amendment, termsOn } from './amendments';
import { type IsoDate, longFrenchDate } from './calendar';
import type { ContractKind, SocialConsideration } from './contracts';
import { formatEurosFromCents, formatHours, formatPercent } from './format';
import { type ContractPace, paceOn } from './pace';
import {
  type AnyReservedBasis,
  type AwardeeType,
  type ReservationProblem,
  reservationProblems,
} from './reserved';
import { elapsedShare } from './schedule';
import { buyerLevel, EU_THRESHOLDS, euThresholdCents, type ThresholdPeriod } from './thresholds';

/**
 * Article L2112-2-1 CCP (loi Climat et résilience, art. 35): from 22 August 2026, contracts at or
 * above the EU thresholds include a social or employment consideration, defence and security
 * contracts excepted.
 */
export const MANDATORY_SOCIAL_CONSIDERATION_FROM: IsoDate = '2026-08-22';

export interface ComplianceIssue {
  rule: 'L2112-2-1' | 'L2113-15' | 'reserved-basis' | 'behind-schedule';
  /** The legal reference or the product's rule, as users cite it. */
  reference: string;
  message: string;
}

/** Part of a whole (reserved spending in all spending); 0 of nothing is 0. */
export function shareOf(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}

const euros = (cents: number) => `${formatEurosFromCents(cents)} HT`;

/**
 * L2112-2-1 asks for a social consideration in the contract's **execution conditions**: a social
 * clause, or a reserved market. A social award criterion alone does not satisfy it.
 */
export function hasSocialExecutionCondition(
  considerations: readonly SocialConsideration[],
): boolean {
  return considerations.includes('social-clause') || considerations.includes('reserved');
}

export function mandatorySocialConsiderationIssue(
  contract: {
    kind: ContractKind;
    amountCents: number;
    notifiedOn: IsoDate;
    buyerSiret?: string | undefined;
    socialConsiderations: readonly SocialConsideration[];
    defenceOrSecurity?: boolean | undefined;
  },
  thresholds: readonly ThresholdPeriod[] = EU_THRESHOLDS,
): ComplianceIssue | null {
  if (contract.notifiedOn < MANDATORY_SOCIAL_CONSIDERATION_FROM) return null;
  if (contract.defenceOrSecurity || hasSocialExecutionCondition(contract.socialConsiderations)) {
    return null;
  }
  const threshold = euThresholdCents(
    contract.kind,
    buyerLevel(contract.buyerSiret),
    contract.notifiedOn,
    thresholds,
  );
  const criterionOnly = contract.socialConsiderations.includes('social-criterion')
    ? ' (un critère social d’attribution ne suffit pas : il faut une clause d’exécution ou un marché réservé)'
    : '';
  if (threshold === null) {
    return {
      rule: 'L2112-2-1',
      reference: 'Article L2112-2-1 du code de la commande publique',
      message: `Seuil inconnu : aucun seuil européen n’est enregistré pour le ${longFrenchDate(contract.notifiedOn)}. Un administrateur doit saisir les seuils de la période pour vérifier si ce marché de ${euros(contract.amountCents)} doit comporter une considération sociale dans ses conditions d’exécution${criterionOnly}.`,
    };
  }
  if (contract.amountCents < threshold) return null;
  return {
    rule: 'L2112-2-1',
    reference: 'Article L2112-2-1 du code de la commande publique',
    message: `Ce marché, notifié le ${longFrenchDate(contract.notifiedOn)} pour ${euros(contract.amountCents)}, atteint le seuil européen (${euros(threshold)}) : depuis le 22 août 2026 il doit comporter une considération sociale ou relative à l’emploi dans ses conditions d’exécution (clause sociale ou marché réservé), et il n’en a aucune${criterionOnly}.`,
  };
}

/** A contract behind its pace (paceOn, the list's and the report's rule), said as a rule broken. */
export function behindScheduleIssue(startsOn: IsoDate, pace: ContractPace): ComplianceIssue | null {
  if (!pace.behind) return null;
  const share = elapsedShare(startsOn, pace.endsOn, pace.judgedOn);
  return {
    rule: 'behind-schedule',
    reference: 'Exécution de la clause sociale (suivi au prorata)',
    // The day said, so that the figure reads as the dashboard's of that day (one rule).
    message: `${formatHours(pace.hoursToDate)} réalisées sur l’ensemble du marché pour ${formatHours(pace.expectedHours)} attendues au ${longFrenchDate(pace.judgedOn)} (${formatPercent(share)} de la durée écoulée, objectif ${formatHours(pace.targetHours ?? 0)}) : le titulaire est en retard sur ses heures d’insertion.`,
  };
}

/**
 * Every rule a contract breaks on `asOf`: L2112-2-1, its reservation's basis (and the L2113-15
 * repeat award found in its buyer's history, `repeatAward`), and its hours behind schedule once
 * it has started.
 */
export function contractIssues(
  contract: ContractForIssues,
  context: {
    asOf: IsoDate;
    tolerance?: number | undefined;
    repeatAward: ReservationProblem | null;
    thresholds?: readonly ThresholdPeriod[] | undefined;
  },
): ComplianceIssue[] {
  const issues: ComplianceIssue[] = [];
  // The threshold is judged on the contract as awarded; the pace on the terms of the day.
  const awarded = termsOn(contract, contract.notifiedOn);
  const terms = termsOn(contract, context.asOf);
  const social = mandatorySocialConsiderationIssue(
    { ...contract, amountCents: awarded.amountCents, buyerSiret: contract.buyer.siret },
    context.thresholds,
  );
  if (social) issues.push(social);
  if (contract.reserved) {
    const reference = `Article ${contract.reserved.basis} du code de la commande publique`;
    const problems = reservationProblems({ ...contract.reserved, ...contract, ...terms });
    if (context.repeatAward) problems.push(context.repeatAward);
    for (const problem of problems) {
      issues.push({
        rule: problem.rule === 'L2113-15' ? 'L2113-15' : 'reserved-basis',
        reference:
          problem.rule === 'L2113-15'
            ? 'Article L2113-15 du code de la commande publique'
            : reference,
        message: problem.message,
      });
    }
  }
  if (context.asOf >= contract.startsOn) {
    // The caller's hours are those up to the judged month already (the compliance service's).
    const pace = paceOn({
      contract,
      judgedOn: context.asOf,
      hoursLogged: contract.hoursLogged,
      hoursLater: 0,
      tolerance: context.tolerance,
    });
    const late = behindScheduleIssue(contract.startsOn, pace);
    if (late) issues.push(late);
  }
  return issues;
}

export interface ContractForIssues {
  kind: ContractKind;
  amountCents: number;
  notifiedOn: IsoDate;
  startsOn: IsoDate;
  endsOn: IsoDate;
  buyer: { siret?: string | undefined };
  socialConsiderations: readonly SocialConsideration[];
  defenceOrSecurity?: boolean | undefined;
  reserved: { basis: AnyReservedBasis; awardeeType: AwardeeType | null } | null;
  targetHours: number | null;
  allocation: AllocationMode | null;
  amendments?: readonly Amendment[] | undefined;
  hoursLogged: number;
}
