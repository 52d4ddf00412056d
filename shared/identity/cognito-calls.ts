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
 * Creates a user (Cognito e-mails a temporary password) with `attributes`; when the address
 * already has an account, answers the value of its attribute `held` (null when it has none).
 */
async function createUser(
  userPoolId: string,
  email: string,
  attributes: { Name: string; Value: string }[],
  held: string,
): Promise<{ created: true } | { created: false; value: string | null }> {
  client ??= new CognitoIdentityProviderClient({});
  try {
    await client.send(
      new AdminCreateUserCommand({
        UserPoolId: userPoolId,
        Username: email,
        UserAttributes: [
          { Name: 'email', Value: email },
          { Name: 'email_verified', Value: 'true' },
          ...attributes,
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
    return {
      created: false,
      value: user.UserAttributes?.find((a) => a.Name === held)?.Value ?? null,
    };
  }
}

async function addToGroup(userPoolId: string, email: string, group: string): Promise<void> {
  client ??= new CognitoIdentityProviderClient({});
  await client.send(
    new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: email, GroupName: group }),
  );
}

/**
 * Creates the user with the company's SIRET. Answers `existing` with the SIRET the address
 * already has, when it has an account.
 */
export async function createAwardeeUser(
  userPoolId: string,
  email: string,
  siret: string,
): Promise<{ created: true } | { created: false; siret: string | null }> {
  const result = await createUser(
    userPoolId,
    email,
    [{ Name: 'custom:siret', Value: siret }],
    'custom:siret',
  );
  return result.created ? result : { created: false, siret: result.value };
}

export function addToAwardees(userPoolId: string, email: string): Promise<void> {
  return addToGroup(userPoolId, email, 'awardee');
}

/**
 * Creates a structure's user with its structure, for good (`custom:tenant` is immutable).
 * Answers `existing` with the structure the address's account has (null: none, an awardee's or
 * the platform's), when it has one.
 */
export async function createStructureUser(
  userPoolId: string,
  email: string,
  tenant: string,
  name: string | null,
): Promise<{ created: true } | { created: false; tenant: string | null }> {
  const result = await createUser(
    userPoolId,
    email,
    [{ Name: 'custom:tenant', Value: tenant }, ...(name ? [{ Name: 'name', Value: name }] : [])],
    'custom:tenant',
  );
  return result.created ? result : { created: false, tenant: result.value };
}

export function addToAdministrators(userPoolId: string, email: string): Promise<void> {
  return addToGroup(userPoolId, email, 'admin');
}
