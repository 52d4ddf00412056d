import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';

// The Cognito calls of invitations (an awardee's contact, a structure's administrator). The
// Lambda bundler puts this module in a file of its own beside index.js
// (infra/aws/bundle/bundle.mjs), loaded on the first invitation: the API's cold start does not
// parse the Cognito client.

let client: CognitoIdentityProviderClient | undefined;

/**
 * Creates the user (Cognito e-mails a temporary password) with the company's SIRET. Answers
 * `existing` with the SIRET the address already has, when it has an account.
 */
export async function createAwardeeUser(
  userPoolId: string,
  email: string,
  siret: string,
): Promise<{ created: true } | { created: false; siret: string | null }> {
  client ??= new CognitoIdentityProviderClient({});
  try {
    await client.send(
      new AdminCreateUserCommand({
        UserPoolId: userPoolId,
        Username: email,
        UserAttributes: [
          { Name: 'email', Value: email },
          { Name: 'email_verified', Value: 'true' },
          { Name: 'custom:siret', Value: siret },
        ],
        DesiredDeliveryMediums: ['EMAIL'],
      }),
    );
    return { created: true };
  } catch (error) {
    if (!(error instanceof UsernameExistsException)) throw error;
    const user = await client.send(
      new AdminGetUserCommand({ UserPoolId: userPoolId, Username: email }),
    );
    const existing = user.UserAttributes?.find((a) => a.Name === 'custom:siret')?.Value;
    return { created: false, siret: existing ?? null };
  }
}

export async function addToAwardees(userPoolId: string, email: string): Promise<void> {
  client ??= new CognitoIdentityProviderClient({});
  await client.send(
    new AdminAddUserToGroupCommand({
      UserPoolId: userPoolId,
      Username: email,
      GroupName: 'awardee',
    }),
  );
}

/**
 * Creates a structure's user (Cognito e-mails a temporary password) with its structure, for
 * good (`custom:tenant` is immutable). Answers `existing` with the structure the address's
 * account has (null: none, an awardee's or the platform's), when it has one.
 */
export async function createStructureUser(
  userPoolId: string,
  email: string,
  tenant: string,
  name: string | null,
): Promise<{ created: true } | { created: false; tenant: string | null }> {
  client ??= new CognitoIdentityProviderClient({});
  try {
    await client.send(
      new AdminCreateUserCommand({
        UserPoolId: userPoolId,
        Username: email,
        UserAttributes: [
          { Name: 'email', Value: email },
          { Name: 'email_verified', Value: 'true' },
          { Name: 'custom:tenant', Value: tenant },
          ...(name ? [{ Name: 'name', Value: name }] : []),
        ],
        DesiredDeliveryMediums: ['EMAIL'],
      }),
    );
    return { created: true };
  } catch (error) {
    if (!(error instanceof UsernameExistsException)) throw error;
    const user = await client.send(
      new AdminGetUserCommand({ UserPoolId: userPoolId, Username: email }),
    );
    const existing = user.UserAttributes?.find((a) => a.Name === 'custom:tenant')?.Value;
    return { created: false, tenant: existing ?? null };
  }
}

export async function addToAdministrators(userPoolId: string, email: string): Promise<void> {
  client ??= new CognitoIdentityProviderClient({});
  await client.send(
    new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: email, GroupName: 'admin' }),
  );
}
