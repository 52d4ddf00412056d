import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AssetHashType, DockerImage, type Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { INDEXES } from '#shared/store/table';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const BUNDLER = join(ROOT, 'infra/aws/bundle/bundle.mjs');

export interface AppFunctionProps {
  /** The entry point, relative to the project root (e.g. `functions/api/index.ts`). */
  readonly entry: string;
  readonly description: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly timeout: Duration;
  readonly memorySize: number;
  readonly logRetention: logs.RetentionDays;
  readonly serviceName: string;
  /** Build the web pages into the bundle (the API function serves them). */
  readonly withPages?: boolean;
}

/**
 * Every function of the product, with the defaults fixed once: Node 24 on arm64, a bundle built
 * by esbuild with the AWS SDK inside and only the zod locales the product uses, source maps
 * (read only when an error is logged),
 * Powertools logger settings, its own log group with a retention, and a role that can write to
 * that log group only. `NodejsFunction` runs esbuild from its command line, which takes no
 * plugin: the bundle is built instead by `infra/aws/bundle/bundle.mjs` through CDK's local
 * asset bundling (no Docker), so that the zod locale plugin applies.
 */
export class AppFunction extends lambda.Function {
  constructor(scope: Construct, id: string, props: AppFunctionProps) {
    // Kept when the stack goes: what the functions logged outlives a `cdk destroy` of the
    // compute, for its retention period.
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${props.serviceName}`,
    });
    // Instead of the managed basic-execution policy: this function's log group only.
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    const entry = join(ROOT, props.entry);
    super(scope, id, {
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(dirname(entry), {
        assetHashType: AssetHashType.OUTPUT,
        bundling: {
          // Used only if local bundling fails; it never does where node and esbuild are installed.
          image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:24'),
          local: {
            tryBundle(outputDir) {
              const pages = props.withPages ? ['--with-pages'] : [];
              execFileSync(process.execPath, [BUNDLER, entry, outputDir, ...pages], {
                stdio: 'inherit',
                cwd: ROOT,
              });
              return true;
            },
          },
        },
      }),
      role,
      logGroup,
      timeout: props.timeout,
      memorySize: props.memorySize,
      // No NODE_OPTIONS=--enable-source-maps: it reads every bundle file's source map as the
      // file loads (13 ms of the API's cold start); the functions map a logged error's stack
      // themselves, from the same .map files, only then (functions/source-stack.ts).
      environment: {
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...props.environment,
      },
    });
  }

  /**
   * The least the function needs on the table: the item actions it uses, on the table and its
   * named indexes only (no `index/*` wildcard). Transactions are authorised item by item.
   */
  grantTableAccess(table: dynamodb.ITable, access: 'read' | 'readWrite'): void {
    const read = [
      'dynamodb:GetItem',
      'dynamodb:BatchGetItem',
      'dynamodb:Query',
      'dynamodb:ConditionCheckItem',
    ];
    const write = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];
    const indexArns = Object.keys(INDEXES).map((name) =>
      Stack.of(this).formatArn({
        service: 'dynamodb',
        resource: 'table',
        resourceName: `${table.tableName}/index/${name}`,
      }),
    );
    this.addToRolePolicy(
      new iam.PolicyStatement({
        actions: access === 'read' ? read : [...read, ...write],
        resources: [table.tableArn, ...indexArns],
      }),
    );
  }
}
