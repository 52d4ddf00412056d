import { kindFromCpv } from '#shared/domain/contracts';
import { eurosToCents } from '#shared/domain/money';
import type { ToComplete } from '#shared/domain/to-complete';
import { BusinessRuleError, ConflictError } from '#shared/errors';
import type { ContractPatch } from '#shared/schemas/contracts';
import type { ContractChanges, ContractRecord } from '#shared/store/contracts';

// A user completes what an imported contract's open data lacked (its `toComplete`): each value
// given clears its item. The end and the amount are completed here only while they are
// missing: a known end or amount changes by an amendment, which keeps its history.

/** The changes completing `current` with `patch`, `toComplete` following. */
export function completionChanges(current: ContractRecord, patch: ContractPatch): ContractChanges {
  const missing = new Set(current.toComplete ?? []);
  const cleared = new Set<ToComplete>();
  const changes: ContractChanges = {};
  if (patch.cpv !== undefined) {
    const kind = kindFromCpv(patch.cpv);
    if (!kind) {
      throw new BusinessRuleError('Ce code CPV ne dit pas la nature des prestations.', [
        { path: 'cpv', message: 'Code CPV inconnu (division 03 à 98 attendue)' },
      ]);
    }
    changes.cpv = patch.cpv;
    changes.kind = patch.kind ?? kind;
    cleared.add('cpv');
  } else if (patch.kind !== undefined) {
    changes.kind = patch.kind;
    cleared.add('cpv');
  }
  if (patch.endsOn !== undefined) {
    onlyWhileMissing(missing, 'duration', 'endsOn', 'La fin du marché est connue : elle');
    if (patch.endsOn < current.startsOn) {
      throw new BusinessRuleError('La fin du marché ne peut précéder son début.', [
        { path: 'endsOn', message: 'La fin du marché ne peut précéder son début' },
      ]);
    }
    changes.endsOn = patch.endsOn;
    cleared.add('duration');
  }
  if (patch.amount !== undefined) {
    onlyWhileMissing(missing, 'amount', 'amount', 'Le montant du marché est connu : il');
    changes.amountCents = eurosToCents(patch.amount);
    cleared.add('amount');
  }
  if (patch.buyerName !== undefined) {
    changes.buyer = { ...current.buyer, name: patch.buyerName };
    cleared.add('buyerName');
  }
  if (patch.awardee !== undefined) {
    const { name, siret } = patch.awardee;
    if (siret !== undefined && current.awardee.siret !== undefined) {
      throw new ConflictError(
        'Le titulaire a déjà un SIRET : un changement de titulaire passe par un avenant.',
        [{ path: 'awardee.siret', message: 'SIRET déjà connu' }],
      );
    }
    changes.awardee = {
      name: name ?? current.awardee.name,
      // A SIRET given replaces the SIREN or the foreign identifier published.
      ...(siret !== undefined ? { siret } : withoutName(current.awardee)),
    };
    if (name) cleared.add('awardeeName');
    if (siret !== undefined) cleared.add('awardeeId');
  }
  if (missing.size && [...cleared].some((item) => missing.has(item))) {
    changes.toComplete = [...missing].filter((item) => !cleared.has(item));
  }
  return changes;
}

function onlyWhileMissing(
  missing: Set<ToComplete>,
  item: ToComplete,
  path: string,
  known: string,
): void {
  if (!missing.has(item)) {
    throw new ConflictError(`${known} change par un avenant, depuis la page du marché.`, [
      { path, message: 'Modifiable seulement par avenant' },
    ]);
  }
}

const withoutName = ({ name: _, ...identified }: ContractRecord['awardee']) => identified;
