import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { cognitoInviter } from '#shared/identity/inviters';

// The invitation's Cognito calls. No Cognito runs on this machine: a stand-in answers, as
// aws-sdk-client-mock allows, and the test checks what is asked of it.

const cognito = mockClient(CognitoIdentityProviderClient);
const POOL = 'eu-west-3_Example';
const inviter = cognitoInviter(POOL);

beforeEach(() => cognito.reset());

const exists = () =>
  new UsernameExistsException({ message: 'User account already exists', $metadata: {} });

describe('an invitation in AWS', () => {
  it('creates the user with the SIRET, e-mailed by Cognito, in the awardee group', async () => {
    cognito.on(AdminCreateUserCommand).resolves({});
    cognito.on(AdminAddUserToGroupCommand).resolves({});
    const outcome = await inviter.invite({ email: 'paie@ent.example', siret: '41234567800012' });
    expect(outcome).toEqual({ account: 'created', signInUrl: null });
    expect(cognito.commandCalls(AdminCreateUserCommand)[0]?.args[0].input).toEqual({
      UserPoolId: POOL,
      Username: 'paie@ent.example',
      UserAttributes: [
        { Name: 'email', Value: 'paie@ent.example' },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'custom:siret', Value: '41234567800012' },
      ],
      DesiredDeliveryMediums: ['EMAIL'],
    });
    expect(cognito.commandCalls(AdminAddUserToGroupCommand)[0]?.args[0].input).toEqual({
      UserPoolId: POOL,
      Username: 'paie@ent.example',
      GroupName: 'awardee',
    });
  });

  it('keeps an account of the same company (another establishment) and refuses another’s', async () => {
    cognito.on(AdminCreateUserCommand).rejects(exists());
    cognito.on(AdminAddUserToGroupCommand).resolves({});
    cognito
      .on(AdminGetUserCommand)
      .resolves({ UserAttributes: [{ Name: 'custom:siret', Value: '41234567800020' }] });
    expect(await inviter.invite({ email: 'a@ent.example', siret: '41234567800012' })).toEqual({
      account: 'existing',
      signInUrl: null,
    });
    cognito
      .on(AdminGetUserCommand)
      .resolves({ UserAttributes: [{ Name: 'email', Value: 'a@ent.example' }] });
    await expect(
      inviter.invite({ email: 'a@ent.example', siret: '41234567800012' }),
    ).rejects.toMatchObject({ status: 409 });
    // Refused before the group: a buyer's own account never becomes an awardee's.
    expect(cognito.commandCalls(AdminAddUserToGroupCommand)).toHaveLength(1);
  });
});
