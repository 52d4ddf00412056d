import { sirenOf } from '#shared/domain/identifiers';
import { ConflictError } from '#shared/errors';
import type {
  AdministratorInviteOutcome,
  AdministratorInviter,
} from '#shared/services/administrator-invitations';
import type { AwardeeInviter, InvitationOutcome } from '#shared/services/invitations';

// How an invited awardee contact gets in. Locally there are no accounts: the facilitator gets
// a link that opens the sign-in page as that company (printed in the server's log too). In AWS
// the contact becomes a Cognito user of the `awardee` group with the company's SIRET, and
// Cognito e-mails the temporary password.

/** Locally: a sign-in link for the company (no token in it: the sign-in page asks for one). */
export function localInviter(
  appUrl: string,
  print: (line: string) => void = console.log,
): AwardeeInviter {
  return {
    async invite({ email, siret }) {
      const signInUrl = `${appUrl.replace(/\/$/, '')}/#/connexion?titulaire=${siret}`;
      print(`Invitation du titulaire ${email} (SIRET ${siret}) : ${signInUrl}`);
      return { account: 'local', signInUrl };
    },
  };
}

/**
 * In AWS: creates the user with the SIRET (Cognito e-mails a temporary password), then puts it
 * in the `awardee` group. An address that already has an account keeps it when it is the same
 * company's; another company's, or an account of another role, is refused (409), so that no
 * one is moved silently.
 */
export function cognitoInviter(userPoolId: string): AwardeeInviter {
  return {
    async invite({ email, siret }): Promise<InvitationOutcome> {
      const { addToAwardees, createAwardeeUser } = await import('#shared/identity/cognito-calls');
      const user = await createAwardeeUser(userPoolId, email, siret);
      if (!user.created && (!user.siret || sirenOf(user.siret) !== sirenOf(siret))) {
        throw new ConflictError(
          'Cette adresse a déjà un compte clause-tracker, d’une autre entreprise ou d’un autre rôle : l’administrateur doit le vérifier.',
        );
      }
      await addToAwardees(userPoolId, email);
      return { account: user.created ? 'created' : 'existing', signInUrl: null };
    },
  };
}

/** Locally: a link that opens the sign-in as an administrator of the structure. */
export function localAdministratorInviter(
  appUrl: string,
  print: (line: string) => void = console.log,
): AdministratorInviter {
  return {
    async inviteAdministrator({ email, tenant }) {
      const signInUrl = `${appUrl.replace(/\/$/, '')}/#/connexion?administrateur=${tenant}`;
      print(`Invitation de l’administrateur ${email} (structure ${tenant}) : ${signInUrl}`);
      return { account: 'local', signInUrl };
    },
  };
}

/**
 * In AWS: creates the user with its structure (Cognito e-mails a temporary password), then puts
 * it in the `admin` group. An address whose account is of this structure keeps it and becomes
 * its administrator; one of another structure, an awardee's or the platform's (no structure
 * named) is refused (409): an account serves one structure, and no one is moved silently.
 */
export function cognitoAdministratorInviter(userPoolId: string): AdministratorInviter {
  return {
    async inviteAdministrator({ email, tenant, name }): Promise<AdministratorInviteOutcome> {
      const { addToAdministrators, createStructureUser } = await import(
        '#shared/identity/cognito-calls'
      );
      const user = await createStructureUser(userPoolId, email, tenant, name);
      if (!user.created && user.tenant !== tenant) {
        throw new ConflictError(
          'Cette adresse a déjà un compte clause-tracker, d’une autre structure, d’un titulaire ou de la plateforme : invitez une autre adresse.',
        );
      }
      await addToAdministrators(userPoolId, email);
      return { account: user.created ? 'created' : 'existing', signInUrl: null };
    },
  };
}
