import { join } from 'node:path';
import { z } from 'zod';
import { DEFAULT_RETENTION_YEARS } from '#shared/domain/retention';

// The local server's settings, read once from the environment and checked; a bad value
// stops the start with its name.
const LocalEnv = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  // Loopback by default: local tokens give anyone who reaches the server an admin's access.
  HOST: z
    .string()
    .regex(/^[A-Za-z0-9.:-]{1,253}$/)
    .default('127.0.0.1'),
  DYNAMODB_PORT: z.coerce.number().int().min(1).max(65535).default(8000),
  DATA_DIR: z.string().min(1).default('.data'),
  OUTBOX_DIR: z.string().min(1).optional(),
  AUTH_MODE: z.enum(['dev']).default('dev'),
  DEMO_DATA: z.enum(['0', '1']).default('1'),
  TABLE_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{3,255}$/)
    .default('clause-tracker'),
  REPORT_RECIPIENTS: z.string().default(''),
  REPORT_SENDER: z.email().default('rapports@clause-tracker.localhost'),
  // Participants who left more than this many years ago are erased by the monthly job.
  RETENTION_YEARS: z.coerce.number().int().min(1).max(50).default(DEFAULT_RETENTION_YEARS),
  APP_URL: z.url().optional(),
  // The name of the structure `default`: the data of a deployment from before structures.
  DEFAULT_TENANT_NAME: z.string().trim().min(2).max(120).default('Structure par défaut'),
});

export interface LocalConfig {
  port: number;
  /** The address the server listens on (127.0.0.1 unless HOST says otherwise). */
  host: string;
  dynamoPort: number;
  dataDir: string;
  outboxDir: string;
  authMode: 'dev';
  demoData: boolean;
  tableName: string;
  reportRecipients: string[];
  reportSender: string;
  retentionYears: number;
  /** Where the report emails link to (default: this server). */
  appUrl: string;
  defaultTenantName: string;
}

export function readLocalConfig(env: NodeJS.ProcessEnv = process.env): LocalConfig {
  const parsed = LocalEnv.safeParse(env);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Configuration invalide : ${details}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dynamoPort: e.DYNAMODB_PORT,
    dataDir: e.DATA_DIR,
    outboxDir: e.OUTBOX_DIR ?? join(e.DATA_DIR, 'outbox'),
    authMode: e.AUTH_MODE,
    demoData: e.DEMO_DATA === '1',
    tableName: e.TABLE_NAME,
    reportRecipients: e.REPORT_RECIPIENTS.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    reportSender: e.REPORT_SENDER,
    retentionYears: e.RETENTION_YEARS,
    appUrl: e.APP_URL ?? `http://localhost:${e.PORT}`,
    defaultTenantName: e.DEFAULT_TENANT_NAME,
  };
}

/** Whether an address only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
