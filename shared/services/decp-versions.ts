import {
  type AmendedTerms,
  type Amendment,
  initialTerms,
  replayAmendments,
} from '#shared/domain/amendments';
import { longFrenchDate } from '#shared/domain/calendar';
import { endFromDuration, requiredHours } from '#shared/domain/contracts';
import { newId } from '#shared/ids';
import type { DecpContract } from '#shared/imports/decp';
import type { DecpModification, DecpVersion } from '#shared/imports/decp-modifications';
import type { ContractRecord, DecpVersionRecord } from '#shared/store/contract-item';

// A DECP record is one published version of a contract: its top-level values are those of the
// award, its `modifications` the amendments since. Which of two versions is the newer, and the
// contract's values once a version's modifications are applied, are decided here.

/** Who imports, and when: what each amendment created is stamped with. */
export interface Stamp {
  at: string;
  by: string;
}

/** Whether `incoming` was published before the version a contract holds (then it changes nothing). */
export function olderThan(
  incoming: Pick<DecpVersionRecord, 'publishedOn' | 'sequence'>,
  stored: DecpVersionRecord | undefined,
): string | null {
  if (!stored) return null;
  const { publishedOn } = stored;
  const kept = publishedOn ? ` (publiée le ${longFrenchDate(publishedOn)})` : '';
  if (publishedOn && !incoming.publishedOn) {
    return `sans date de publication : plus ancien que la version importée${kept}, qui est gardée`;
  }
  if (publishedOn && incoming.publishedOn && incoming.publishedOn !== publishedOn) {
    return incoming.publishedOn < publishedOn
      ? `publié le ${longFrenchDate(incoming.publishedOn)} : plus ancien que la version importée${kept}, qui est gardée`
      : null;
  }
  // Published the same day: the later modification number is the newer version.
  if (
    incoming.sequence !== null &&
    stored.sequence !== null &&
    incoming.sequence < stored.sequence
  ) {
    const which = incoming.sequence
      ? `modification n° ${incoming.sequence}`
      : 'enregistrement initial, sans modification';
    return `${which} : plus ancien que la version importée (modification n° ${stored.sequence}), qui est gardée`;
  }
  return null;
}

/** Whether `incoming` is a later version than the one a contract holds (same day, same number: no). */
export function newerThan(
  incoming: Pick<DecpVersionRecord, 'publishedOn' | 'sequence'>,
  stored: DecpVersionRecord | undefined,
): boolean {
  if (!stored) return true;
  if (incoming.publishedOn && incoming.publishedOn !== stored.publishedOn) {
    return !stored.publishedOn || incoming.publishedOn > stored.publishedOn;
  }
  return (incoming.sequence ?? -1) > (stored.sequence ?? -1);
}

/** A DECP modification as the product's amendment ("avenant"), effective on its notification. */
function amendmentOf(
  modification: DecpModification,
  contract: Pick<DecpContract, 'notifiedOn' | 'startsOn'>,
  version: DecpVersion,
  inputs: ContractRecord['insertionInputs'],
  stamp: Stamp,
): Amendment {
  const changes: Partial<AmendedTerms> = {};
  if (modification.amountCents !== undefined) {
    changes.amountCents = modification.amountCents;
    // The target follows the amount when it was computed from the tender's inputs.
    if (inputs)
      changes.targetHours = requiredHours({ amountCents: changes.amountCents, ...inputs });
  }
  // DECP's `dureeMois` is the contract's whole duration, counted from its start.
  if (modification.durationMonths !== undefined)
    changes.endsOn = endFromDuration(contract.startsOn, modification.durationMonths);
  if (modification.holding) {
    changes.awardee = modification.holding.awardee;
    changes.coAwardees = modification.holding.coAwardees;
  }
  const notified = modification.notifiedOn ?? modification.publishedOn ?? contract.notifiedOn;
  return {
    id: newId(),
    // A modification said notified before the contract (it happens) applies from the contract.
    effectiveOn: notified < contract.notifiedOn ? contract.notifiedOn : notified,
    reason: modification.object || `Modification n° ${modification.position} publiée (DECP)`,
    changes,
    before: {},
    source: {
      kind: 'decp',
      key: modification.key,
      publishedId: version.publishedId,
      publishedOn: modification.publishedOn ?? version.publishedOn,
      notifiedOn: modification.notifiedOn,
    },
    at: stamp.at,
    by: stamp.by,
  };
}

const AWARD_FIELDS = ['amountCents', 'endsOn', 'awardee', 'coAwardees'] as const;

/**
 * The values a contract has once a version is applied: the award's values as this version
 * publishes them, then every amendment in the order they took effect — those already there
 * (a user's or DECP's) and the modifications not yet recorded, known by their key, so that
 * importing a file again, or its republication with one more modification, adds only that one.
 */
export function applyVersion(
  contract: DecpContract,
  version: DecpVersion,
  existing: ContractRecord | null,
  stamp: Stamp,
): { terms: AmendedTerms; amendments: Amendment[]; added: number } {
  const base: AmendedTerms = existing
    ? initialTerms({ ...existing, coAwardees: existing.coAwardees ?? [] })
    : {
        amountCents: contract.amountCents,
        endsOn: contract.endsOn,
        targetHours: null,
        allocation: null,
        awardee: contract.awardee,
        coAwardees: contract.coAwardees,
      };
  const initial = { ...base };
  for (const name of AWARD_FIELDS) Object.assign(initial, { [name]: contract[name] });
  const known = new Set(existing?.amendments.map((a) => a.source?.key) ?? []);
  const added = version.modifications
    .filter((m) => !known.has(m.key))
    .map((m) => amendmentOf(m, contract, version, existing?.insertionInputs ?? null, stamp));
  const replayed = replayAmendments(initial, [...(existing?.amendments ?? []), ...added]);
  return { ...replayed, added: added.length };
}
