import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './env';

// The API's routes come in groups, one file each under `routes/`. A group is imported by the
// first request that needs it, so that the Lambda bundle keeps each group (its schemas, zod,
// its services) in a chunk of its own: a cold start compiles the group it serves, not the whole
// API (issue 15). Locally the same dynamic imports run; the modules load once.

type Routes = OpenAPIHono<AppEnv>;

export const ROUTE_GROUPS = {
  // In the order of the OpenAPI document (and of the generated client).
  plies: () => import('./routes/plies').then((m) => m.pliesRoutes()),
  contracts: () => import('./routes/contracts').then((m) => m.contractsRoutes()),
  participants: () => import('./routes/participants').then((m) => m.participantsRoutes()),
  hours: () => import('./routes/hours').then((m) => m.hoursRoutes()),
  statements: () => import('./routes/statements').then((m) => m.statementsRoutes()),
  imports: () => import('./routes/imports').then((m) => m.importsRoutes()),
  funding: () => import('./routes/funding').then((m) => m.fundingRoutes()),
  compliance: () => import('./routes/compliance').then((m) => m.complianceRoutes()),
  reports: () => import('./routes/reports').then((m) => m.reportsRoutes()),
  bilans: () => import('./routes/bilans').then((m) => m.bilansRoutes()),
  buyerContacts: () => import('./routes/buyer-contacts').then((m) => m.buyerContactsRoutes()),
  openData: () => import('./routes/open-data').then((m) => m.openDataRoutes()),
  changes: () => import('./routes/changes').then((m) => m.changesRoutes()),
  awardees: () => import('./routes/awardees').then((m) => m.awardeesRoutes()),
  tenants: () => import('./routes/tenants').then((m) => m.tenantsRoutes()),
  consolidation: () => import('./routes/consolidation').then((m) => m.consolidationRoutes()),
  exports: () => import('./routes/exports').then((m) => m.exportsRoutes()),
} satisfies Record<string, () => Promise<Routes>>;

export type GroupName = keyof typeof ROUTE_GROUPS;

/**
 * Which group serves a path under `/api`, by its first segments: the first pattern that matches
 * wins. `test/api/route-groups.test.ts` checks every route of every group against this table,
 * so that a route added to a group and not here fails a test rather than answering 404.
 */
const GROUP_PATHS: readonly (readonly [RegExp, GroupName])[] = [
  [/^\/contracts\/[^/]+\/invitations$/, 'awardees'],
  [/^\/settings\/buyer-contacts$/, 'buyerContacts'],
  [/^\/settings(\/|$)/, 'awardees'],
  [/^\/contracts(\/|$)/, 'contracts'],
  [/^\/(plies|allocation-weights|allocation-key)(\/|$)/, 'plies'],
  [/^\/participants(\/|$)/, 'participants'],
  [/^\/hours(\/|$)/, 'hours'],
  [/^\/statements(\/|$)/, 'statements'],
  [/^\/imports(\/|$)/, 'imports'],
  [/^\/(funding-conventions|funding|outcomes)(\/|$)/, 'funding'],
  [/^\/(reserved-markets|compliance|eu-thresholds)(\/|$)/, 'compliance'],
  [/^\/reports(\/|$)/, 'reports'],
  [/^\/bilans(\/|$)/, 'bilans'],
  [/^\/open-data(\/|$)/, 'openData'],
  [/^\/changes(\/|$)/, 'changes'],
  [/^\/tenants?(\/|$)/, 'tenants'],
  [/^\/consolidation(\/|$)/, 'consolidation'],
  [/^\/exports(\/|$)/, 'exports'],
];

/** The group that serves `path` (without `/api`), or null when no group has routes there. */
export function groupOf(path: string): GroupName | null {
  return GROUP_PATHS.find(([pattern]) => pattern.test(path))?.[1] ?? null;
}
