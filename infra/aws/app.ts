import { App, Validations } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { z } from 'zod';
import { ClauseTrackerStack } from './stack';

// The CDK entry point: the only place that reads context (cdk.json or `-c key=value`), checked
// here and handed to the stack as typed, readonly props.

const app = new App();
const context = (key: string) => app.node.tryGetContext(key);

const Config = z.object({
  stage: z.string().regex(/^[a-z][a-z0-9-]{1,20}$/),
  senderAddress: z.email(),
  reportRecipients: z.array(z.email()),
  alarmEmail: z.email(),
  authDomainPrefix: z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/),
  extraCallbackUrls: z.array(z.url()),
  logRetentionDays: z.number().int().positive(),
});

const parsed = Config.safeParse({
  stage: context('stage'),
  senderAddress: context('senderAddress'),
  reportRecipients: String(context('reportRecipients') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
  alarmEmail: context('alarmEmail'),
  authDomainPrefix: context('authDomainPrefix'),
  extraCallbackUrls: String(context('extraCallbackUrls') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
  logRetentionDays: Number(context('logRetentionDays') ?? 90),
});
if (!parsed.success) {
  const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
  throw new Error(`Contexte CDK invalide (cdk.json ou -c clé=valeur) :\n${problems}`);
}
const config = parsed.data;

new ClauseTrackerStack(app, `clause-tracker-${config.stage}`, {
  stage: config.stage,
  senderAddress: config.senderAddress,
  reportRecipients: config.reportRecipients,
  alarmEmail: config.alarmEmail,
  authDomainPrefix: config.authDomainPrefix,
  extraCallbackUrls: config.extraCallbackUrls,
  logRetention: config.logRetentionDays as logs.RetentionDays,
  env: {
    account: process.env.CDK_DEFAULT_ACCOUNT,
    region: process.env.CDK_DEFAULT_REGION ?? 'eu-west-3',
  },
  description: 'clause-tracker : suivi des clauses sociales d’insertion',
});

Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
