import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { cognitoAdministratorInviter } from '#shared/identity/inviters';

// The Cognito calls of a structure administrator's invitation (issue 27). No Cognito runs on
// this machine: a stand-in answers, as aws-sdk-client-mock allows, and the test checks what is
// asked of it — the same three actions the API function's role allows, no more.

const cognito = mockClient(CognitoIdentityProviderClient);
const POOL = 'eu-west-3_Example';
const inviter = cognitoAdministratorInviter(POOL);

beforeEach(() => cognito.reset());

const exists = () =>
  new UsernameExistsException({ message: 'User account already exists', $metadata: {} });

describe('an administrator’s invitation in AWS', () => {
  it('creates the user with its structure and name, e-mailed by Cognito, in the admin group', async () => {
    cognito.on(AdminCreateUserCommand).resolves({});
    cognito.on(AdminAddUserToGroupCommand).resolves({});
    const outcome = await inviter.inviteAdministrator({
      email: 'direction@nantes.example',
      tenant: 'nantes-metropole',
      name: 'Camille Martin',
    });
    expect(outcome).toEqual({ account: 'created', signInUrl: null });
    expect(cognito.commandCalls(AdminCreateUserCommand)[0]?.args[0].input).toEqual({
      UserPoolId: POOL,
      Username: 'direction@nantes.example',
      UserAttributes: [
        { Name: 'email', Value: 'direction@nantes.example' },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'custom:tenant', Value: 'nantes-metropole' },
        { Name: 'name', Value: 'Camille Martin' },
      ],
      DesiredDeliveryMediums: ['EMAIL'],
    });
    expect(cognito.commandCalls(AdminAddUserToGroupCommand)[0]?.args[0].input).toEqual({
      UserPoolId: POOL,
      Username: 'direction@nantes.example',
      GroupName: 'admin',
    });
    // No name given: none sent.
    await inviter.inviteAdministrator({ email: 'b@nantes.example', tenant: 'nantes', name: null });
    expect(
      cognito
        .commandCalls(AdminCreateUserCommand)[1]
        ?.args[0].input.UserAttributes?.map((a) => a.Name),
    ).toEqual(['email', 'email_verified', 'custom:tenant']);
  });

  it('keeps an account of the same structure (a retry): `existing`, in the admin group', async () => {
    cognito.on(AdminCreateUserCommand).rejects(exists());
    cognito.on(AdminAddUserToGroupCommand).resolves({});
    cognito.on(AdminGetUserCommand).resolves({
      UserAttributes: [
        { Name: 'email', Value: 'direction@nantes.example' },
        { Name: 'custom:tenant', Value: 'nantes-metropole' },
      ],
    });
    expect(
      await inviter.inviteAdministrator({
        email: 'direction@nantes.example',
        tenant: 'nantes-metropole',
        name: null,
      }),
    ).toEqual({ account: 'existing', signInUrl: null });
    expect(cognito.commandCalls(AdminAddUserToGroupCommand)).toHaveLength(1);
  });

  it('refuses an account of another structure, an awardee’s or the platform’s, before the group', async () => {
    cognito.on(AdminCreateUserCommand).rejects(exists());
    cognito.on(AdminAddUserToGroupCommand).resolves({});
    for (const attributes of [
      [{ Name: 'custom:tenant', Value: 'grenoble-alpes' }],
      [{ Name: 'custom:siret', Value: '41234567800012' }],
      // The operator's own account names no structure.
      [{ Name: 'email', Value: 'exploitation@plateforme.example' }],
    ]) {
      cognito.on(AdminGetUserCommand).resolves({ UserAttributes: attributes });
      await expect(
        inviter.inviteAdministrator({
          email: 'someone@example.org',
          tenant: 'nantes-metropole',
          name: null,
        }),
      ).rejects.toMatchObject({ status: 409 });
    }
    // No one is moved into a structure's administrators silently.
    expect(cognito.commandCalls(AdminAddUserToGroupCommand)).toHaveLength(0);
  });
});
