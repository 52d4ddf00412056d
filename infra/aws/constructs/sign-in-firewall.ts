import type * as cognito from 'aws-cdk-lib/aws-cognito';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

export interface SignInFirewallProps {
  readonly userPool: cognito.IUserPool;
  /** Requests an address may make in five minutes before it is blocked. */
  readonly requestsPerFiveMinutes?: number;
}

/**
 * AWS WAF in front of the Cognito user pool (the hosted sign-in and its token endpoint): AWS's
 * managed common rule set and a rate-based rule per IP address. AWS WAF cannot be attached to
 * an API Gateway HTTP API: the API's own guards are its JWT authorizer and its per-route
 * throttling (constructs/api.ts). Costs about $5 (web ACL) + $2 (two rules) a month, plus
 * $0.60 per million requests.
 */
export class SignInFirewall extends Construct {
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: SignInFirewallProps) {
    super(scope, id);
    const visibility = (metricName: string) => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName,
    });
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('clause-tracker-sign-in'),
      rules: [
        {
          name: 'aws-common-rules',
          priority: 0,
          overrideAction: { none: {} },
          statement: {
            managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesCommonRuleSet' },
          },
          visibilityConfig: visibility('clause-tracker-common-rules'),
        },
        {
          name: 'rate-per-ip',
          priority: 1,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              aggregateKeyType: 'IP',
              limit: props.requestsPerFiveMinutes ?? 300,
              evaluationWindowSec: 300,
            },
          },
          visibilityConfig: visibility('clause-tracker-rate-per-ip'),
        },
      ],
    });
    new wafv2.CfnWebACLAssociation(this, 'UserPool', {
      resourceArn: props.userPool.userPoolArn,
      webAclArn: this.webAcl.attrArn,
    });
  }
}
