import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundle, SIDE_MODULES } from '../../infra/aws/bundle/bundle.mjs';
import { ClauseTrackerStack } from '../../infra/aws/stack';

// Least privilege, checked against the code: for each function, the AWS actions its code can
// call — the SDK commands written in the source files its bundle holds (esbuild's metafile),
// side modules included — against the actions its role's policies allow. Neither more (a
// grant nobody uses) nor less (a call that would be refused in AWS).

const ROOT = new URL('../..', import.meta.url).pathname;

const FUNCTIONS = [
  { id: 'ApiFunction', entry: 'functions/api/index.ts', unused: [] as string[] },
  { id: 'ReportFunction', entry: 'functions/monthly-report/index.ts', unused: [] as string[] },
  {
    id: 'ReportDispatcher',
    entry: 'functions/report-dispatcher/index.ts',
    // It reads, through the structures' stores, the register, each one's reminder day and the
    // marks of runs done and of statement changes under way (GetItem, Query); its bundle holds
    // the stores' other code, which it never calls. Not granted.
    unused: [
      'dynamodb:BatchGetItem',
      'dynamodb:ConditionCheckItem',
      'dynamodb:DeleteItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
    ],
  },
  {
    id: 'ImportWorker',
    entry: 'functions/import-worker/index.ts',
    // Its bundle holds the whole job queue (shared/jobs), whose sending half only the API
    // uses: the worker never enqueues. Not granted. (It writes structures' exports: PutObject.)
    unused: ['sqs:SendMessage'],
  },
];

/** The IAM actions each SDK command needs (document client and S3, SQS, SES v2 clients). */
const ACTIONS: Record<string, string[]> = {
  GetCommand: ['dynamodb:GetItem'],
  PutCommand: ['dynamodb:PutItem'],
  UpdateCommand: ['dynamodb:UpdateItem'],
  DeleteCommand: ['dynamodb:DeleteItem'],
  QueryCommand: ['dynamodb:Query'],
  ScanCommand: ['dynamodb:Scan'],
  BatchGetCommand: ['dynamodb:BatchGetItem'],
  BatchWriteCommand: ['dynamodb:BatchWriteItem'],
  // A transaction is authorised item by item: the item operations it holds (below).
  TransactWriteCommand: [],
  GetObjectCommand: ['s3:GetObject'],
  PutObjectCommand: ['s3:PutObject'],
  DeleteObjectCommand: ['s3:DeleteObject'],
  HeadObjectCommand: ['s3:GetObject'],
  SendMessageCommand: ['sqs:SendMessage'],
  SendMessageBatchCommand: ['sqs:SendMessage'],
  SendEmailCommand: ['ses:SendEmail'],
  AdminCreateUserCommand: ['cognito-idp:AdminCreateUser'],
  AdminGetUserCommand: ['cognito-idp:AdminGetUser'],
  AdminAddUserToGroupCommand: ['cognito-idp:AdminAddUserToGroup'],
};

/** Item operations written inside transactions (`{ Put: …}`, `{ Update: …}`…). */
const TRANSACT_ITEMS: Record<string, string> = {
  Put: 'dynamodb:PutItem',
  Update: 'dynamodb:UpdateItem',
  Delete: 'dynamodb:DeleteItem',
  ConditionCheck: 'dynamodb:ConditionCheckItem',
};

/** Its own log group: the Lambda service writes there, not the code. */
const LOGS = /^logs:/;

async function actionsOfCode(entry: string): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'least-'));
  const metafile = join(dir, 'meta.json');
  await bundle(entry, join(dir, 'out'), metafile);
  const meta = JSON.parse(readFileSync(metafile, 'utf8')) as {
    inputs: Record<string, { imports: { path: string; external?: boolean }[] }>;
  };
  const files = new Set(
    Object.keys(meta.inputs).filter((f) => /^(shared|functions)\//.test(f) && f.endsWith('.ts')),
  );
  // Side modules (required on first use, bundled apart) are part of what the function runs.
  const sides = new Map(
    Object.entries(SIDE_MODULES).map(([name, file]) => [`./${name.split('/').pop()}.mjs`, file]),
  );
  for (const input of Object.values(meta.inputs))
    for (const imported of input.imports) {
      const side = imported.external ? sides.get(imported.path) : undefined;
      if (side) files.add(side);
    }
  const actions = new Set<string>();
  for (const file of files) {
    const source = readFileSync(join(ROOT, file), 'utf8');
    for (const [, command] of source.matchAll(/new (\w+Command)\(/g)) {
      const needed = ACTIONS[command as string];
      if (!needed) throw new Error(`${file}: no IAM mapping for ${command} in this test`);
      for (const action of needed) actions.add(action);
    }
    // Transaction items are often built in files that never send the transaction themselves.
    if (/TransactItem\b|TransactWriteCommand/.test(source))
      for (const [key, action] of Object.entries(TRANSACT_ITEMS))
        if (new RegExp(`\\b${key}: \\{`).test(source)) actions.add(action);
  }
  return [...actions].sort();
}

let template: Template;
beforeAll(() => {
  const app = new App({
    context: { 'aws:cdk:bundling-stacks': [] },
    builtinCloudFormationValidation: false,
  } as never);
  template = Template.fromStack(
    new ClauseTrackerStack(app, 'LeastPrivilege', {
      stage: 'test',
      senderAddress: 'rapports@metropole.example',
      reportRecipients: [],
      alarmEmail: 'exploitation@metropole.example',
      authDomainPrefix: 'clause-tracker-least',
      extraCallbackUrls: [],
      logRetention: logs.RetentionDays.THREE_MONTHS,
      env: { account: '123456789012', region: 'eu-west-3' },
    }),
  );
});

/**
 * The actions the function's role allows its code: not the ones the Lambda service uses on
 * its behalf — writing its logs, reading its SQS trigger, sending a failed event to its
 * on-failure destination — found by the queues the template wires to the function.
 */
function actionsOfRole(id: string): string[] {
  const functionId = Object.keys(template.findResources('AWS::Lambda::Function')).find((f) =>
    f.startsWith(id),
  ) as string;
  const wiredQueues = [
    ...Object.values(template.findResources('AWS::Lambda::EventInvokeConfig')),
    ...Object.values(template.findResources('AWS::Lambda::EventSourceMapping')),
  ]
    .filter((r) => JSON.stringify(r.Properties.FunctionName).includes(functionId))
    .map((r) => JSON.stringify(r.Properties.DestinationConfig ?? r.Properties.EventSourceArn))
    .flatMap((text) => [...text.matchAll(/"([A-Za-z0-9]+)","Arn"/g)].map((m) => m[1] as string));
  const statements = Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p) => JSON.stringify(p.Properties.Roles).includes(`${id}Role`))
    .flatMap(
      (p) =>
        p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[],
    )
    .filter((s) => !wiredQueues.some((queue) => JSON.stringify(s.Resource).includes(queue)));
  const actions = statements.flatMap((s) => [s.Action].flat());
  return [...new Set(actions)].filter((a) => !LOGS.test(a)).sort();
}

describe('each function may do what its code calls, and nothing else', () => {
  for (const { id, entry, unused } of FUNCTIONS) {
    it(`${entry}`, async () => {
      const fromCode = (await actionsOfCode(entry)).filter((a) => !unused.includes(a));
      expect(fromCode.length).toBeGreaterThan(0);
      // SES: the raw MIME goes out through SendEmail (v2), which IAM authorises as either.
      const granted = actionsOfRole(id).filter((a) => a !== 'ses:SendRawEmail');
      expect(granted).toEqual(fromCode);
    }, 60_000);
  }
});
