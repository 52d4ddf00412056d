import { type Action, type Identity, mayDo, ROLES, type Role } from '#shared/domain/access';

// Which pages each role may use: one table of page → the permission of the role table
// (shared/domain/access.ts) that the page needs to work. The navigation shows only the pages a
// role may use, and a page opened by its address that the role cannot use says whom it is
// reserved to, rather than showing a form that fails on submit.

/** Each page by its path (without `#`, query left out), and the action it needs. */
export const PAGE_ACCESS: readonly (readonly [RegExp, Action])[] = [
  [/^\/marches$/, 'contracts:read'],
  [/^\/marches\/nouveau$/, 'contracts:write'],
  [/^\/marches\/[\w-]+\/modifier$/, 'contracts:write'],
  [/^\/marches\/[\w-]+\/attestation$/, 'contracts:attest'],
  [/^\/marches\/[\w-]+$/, 'contracts:read'],
  [/^\/import-decp$/, 'contracts:write'],
  [/^\/saisie$/, 'hours:write'],
  [/^\/heures$/, 'hours:read'],
  [/^\/releves$/, 'hours:write'],
  [/^\/releves\/ST[0-9A-F]+$/, 'statements:read'],
  [/^\/imports(\/[\w-]+)?$/, 'hours:write'],
  [/^\/declarer$/, 'statements:submit'],
  [/^\/plies$/, 'contracts:read'],
  [/^\/plie\/[a-z0-9-]+$/, 'reports:read'],
  [/^\/participants(\/[\w-]+)?$/, 'participants:read'],
  [/^\/conformite$/, 'contracts:read'],
  [/^\/rapport$/, 'reports:read'],
  [/^\/bilan$/, 'bilans:read'],
  [/^\/journal$/, 'changes:read'],
  [/^\/administration\/export$/, 'structure:export'],
  [/^\/administration(\/[\w-]+)?$/, 'plies:write'],
];

/** The action a page needs; null for a page every signed-in role has (its home) or none. */
export function pageAction(path: string): Action | null {
  return PAGE_ACCESS.find(([pattern]) => pattern.test(path))?.[1] ?? null;
}

/** May this person use the page at `href` (`#/saisie?mois=…` or `/saisie`)? */
export function mayOpen(identity: Pick<Identity, 'role'>, href: string): boolean {
  const path = (href.replace(/^#/, '').split('?')[0] ?? '') || '/';
  const action = pageAction(path);
  return action === null || mayDo({ sub: '', ...identity }, action);
}

/** The roles the role table gives `action`, in the table's order. */
export function rolesFor(action: Action): Role[] {
  return ROLES.filter((role) => mayDo({ sub: '', role }, action));
}

/** How a sentence names the people of each role: « réservée aux … ». */
const ROLE_PEOPLE: Record<Role, string> = {
  admin: 'aux administrateurs',
  procurement: 'aux facilitateurs (achats)',
  'plie-coordinator': 'aux coordinateurs de PLIE',
  awardee: 'aux entreprises titulaires des marchés',
  operator: 'à l’opérateur de la plateforme',
  observer: 'à l’observatoire',
};

/** « Cette page est réservée aux administrateurs et aux facilitateurs (achats) ». */
export function reservedTo(action: Action): string {
  const people = rolesFor(action).map((role) => ROLE_PEOPLE[role]);
  const last = people.pop() ?? '';
  return `Cette page est réservée ${people.length ? `${people.join(', ')} et ${last}` : last}`;
}
