import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ROLES } from '#shared/domain/access';

export interface IdentityProps {
  /** Prefix of the hosted sign-in domain (`<prefix>.auth.<region>.amazoncognito.com`). */
  readonly domainPrefix: string;
  /** Where the hosted sign-in sends users back (the pages' URL, plus local ones if wanted). */
  readonly callbackUrls: readonly string[];
}

/**
 * Who may sign in: a Cognito user pool with the product's groups (roles), the structure a
 * person works in (`custom:tenant`), the PLIE a coordinator belongs to (`custom:plieId`) and an
 * awardee's company (`custom:siret`), in ID tokens, which the pages send as bearer.
 * Accounts are created by administrators (no self sign-up). MFA is required, by authenticator
 * app (TOTP): the pool guards data about people in fragile situations, and SMS codes would add
 * cost and a weaker factor.
 */
export class Identity extends Construct {
  readonly userPool: cognito.UserPool;
  readonly webClient: cognito.UserPoolClient;
  readonly domain: cognito.UserPoolDomain;

  constructor(scope: Construct, id: string, props: IdentityProps) {
    super(scope, id);
    this.userPool = new cognito.UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      customAttributes: {
        plieId: new cognito.StringAttribute({ minLen: 2, maxLen: 40, mutable: true }),
        // An awardee's company: the contracts its SIREN holds are the ones it sees.
        siret: new cognito.StringAttribute({ minLen: 14, maxLen: 14, mutable: true }),
        // The structure a person works in (absent: `default`), set when the operator or the
        // structure's administrator creates the account, and never changed after: someone who
        // moves to another structure gets another account.
        tenant: new cognito.StringAttribute({ minLen: 2, maxLen: 40, mutable: false }),
      },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const role of ROLES) {
      new cognito.CfnUserPoolGroup(this, `Group-${role}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: role,
        description: `clause-tracker : rôle ${role}`,
      });
    }
    this.domain = this.userPool.addDomain('HostedSignIn', {
      cognitoDomain: { domainPrefix: props.domainPrefix },
      managedLoginVersion: cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    this.webClient = this.userPool.addClient('Web', {
      // A browser client: authorization code with PKCE, no secret.
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [...props.callbackUrls],
        logoutUrls: [...props.callbackUrls],
      },
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true })
        .withCustomAttributes('plieId', 'siret', 'tenant'),
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ email: true }),
    });
  }
}
