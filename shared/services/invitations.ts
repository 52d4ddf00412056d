import type { Identity } from '#shared/domain/access';
import { holderSirens, holdsContract } from '#shared/domain/awardees';
import { type Awardee, awardeeIdentifier } from '#shared/domain/contracts';
import { sirenOf } from '#shared/domain/identifiers';
import { BusinessRuleError } from '#shared/errors';
import type { AwardeeContact } from '#shared/store/awardee-contacts';
import { type ServiceDeps, writeContext } from './deps';
import { getContract } from './lookups';

// A facilitator invites an awardee's contact for a contract: the contact is recorded (it
// receives the reminders) and given a way in, by the deployment's inviter: a Cognito account
// in the `awardee` group with the company's SIRET (AWS), or a sign-in link printed locally.

export interface InvitationOutcome {
  /** `created`: a new account; `existing`: the address already had one for this company. */
  account: 'created' | 'existing' | 'local';
  /** Locally, the link that opens the sign-in as this company (null in AWS: Cognito e-mails). */
  signInUrl: string | null;
}

export interface AwardeeInviter {
  invite(contact: { email: string; siret: string }): Promise<InvitationOutcome>;
}

export interface Invitation extends InvitationOutcome {
  email: string;
  siret: string;
  contractId: string;
}

export async function inviteAwardee(
  deps: ServiceDeps,
  actor: Identity,
  contractId: string,
  input: { email: string; siret?: string | undefined },
): Promise<Invitation> {
  const contract = await getContract(deps, contractId);
  const siret = input.siret ?? contract.awardee.siret ?? noSiretProblem(contract.awardee);
  if (!holdsContract(contract, siret)) {
    throw new BusinessRuleError('Ce SIRET n’est ni le titulaire ni un cotraitant du marché.', [
      { path: 'siret', message: 'SIRET du titulaire ou d’un cotraitant du marché' },
    ]);
  }
  const email = input.email.toLowerCase();
  const outcome = deps.inviter
    ? await deps.inviter.invite({ email, siret })
    : { account: 'local' as const, signInUrl: null };
  const context = writeContext(deps, actor);
  const contact: AwardeeContact = {
    siren: sirenOf(siret),
    siret,
    email,
    contractId,
    invitedAt: context.at,
    invitedBy: actor.sub,
  };
  await deps.stores.awardeeContacts.put(contact, context);
  return { email, siret, contractId, ...outcome };
}

/**
 * An invitation names an establishment (the account holds its SIRET): an awardee published
 * without one must be given it, and a foreign one has none to give.
 */
function noSiretProblem(awardee: Awardee): never {
  const message = awardee.siren
    ? `Le titulaire n’est publié que par son SIREN (${awardee.siren}) : donnez le SIRET de l’établissement à inviter.`
    : `Le titulaire est identifié à l’étranger (${awardeeIdentifier(awardee)}) : sans SIRET, il ne peut recevoir d’accès ; un cotraitant français peut être invité par son SIRET.`;
  throw new BusinessRuleError(message, [{ path: 'siret', message: 'SIRET à donner' }]);
}

/** The contacts invited for a contract's companies. */
export async function contactsOfContract(
  deps: ServiceDeps,
  contractId: string,
): Promise<AwardeeContact[]> {
  const contract = await getContract(deps, contractId);
  const lists = await Promise.all(
    holderSirens(contract).map((siren) => deps.stores.awardeeContacts.ofCompany(siren)),
  );
  return lists.flat().sort((a, b) => a.email.localeCompare(b.email));
}
