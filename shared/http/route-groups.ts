import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './env';

// The API's routes come in groups, one file each under `routes/`. A group is imported by the
// first request that needs it, so that the Lambda bundle keeps each group (its schemas, zod,
// its services) in a chunk of its own: a cold start compiles the group it serves, not the whole
// API (issue 15). Locally the same dynamic imports run; the modules load once.

type Routes = OpenAPIHono<AppEnv>;

/**
 * Loads a module that builds zod schemas once zod's `.openapi()` extension has run. esbuild's
 * code splitting does not keep the evaluation order across chunks: a schema chunk evaluated
 * before the extension found no `.openapi()` (GET /api/contracts/{id} answered 500 from the
 * bundle, 67c8b13). Importing the extension first, rather than at the function's init, keeps
 * zod (191 KB) out of the init and 2 MB off the cold start's peak memory (bench/RESULTS.md).
 */
export const withZod = <T>(load: () => Promise<T>): Promise<T> =>
  import('#shared/schemas/zod').then(load);

export const ROUTE_GROUPS = {
  // In the order of the OpenAPI document (and of the generated client).
  plies: () => withZod(() => import('./routes/plies')).then((m) => m.pliesRoutes()),
  contracts: () => withZod(() => import('./routes/contracts')).then((m) => m.contractsRoutes()),
  participants: () =>
    withZod(() => import('./routes/participants')).then((m) => m.participantsRoutes()),
  hours: () => withZod(() => import('./routes/hours')).then((m) => m.hoursRoutes()),
  statements: () => withZod(() => import('./routes/statements')).then((m) => m.statementsRoutes()),
  imports: () => withZod(() => import('./routes/imports')).then((m) => m.importsRoutes()),
  funding: () => withZod(() => import('./routes/funding')).then((m) => m.fundingRoutes()),
  compliance: () => withZod(() => import('./routes/compliance')).then((m) => m.complianceRoutes()),
  reports: () => withZod(() => import('./routes/reports')).then((m) => m.reportsRoutes()),
  bilans: () => withZod(() => import('./routes/bilans')).then((m) => m.bilansRoutes()),
  buyerContacts: () =>
    withZod(() => import('./routes/buyer-contacts')).then((m) => m.buyerContactsRoutes()),
  openData: () => withZod(() => import('./routes/open-data')).then((m) => m.openDataRoutes()),
  changes: () => withZod(() => import('./routes/changes')).then((m) => m.changesRoutes()),
  awardees: () => withZod(() => import('./routes/awardees')).then((m) => m.awardeesRoutes()),
  tenants: () => withZod(() => import('./routes/tenants')).then((m) => m.tenantsRoutes()),
  consolidation: () =>
    withZod(() => import('./routes/consolidation')).then((m) => m.consolidationRoutes()),
  exports: () => withZod(() => import('./routes/exports')).then((m) => m.exportsRoutes()),
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
