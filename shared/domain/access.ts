// Who may do what: the role table of the API contract, in one place.

export const ROLES = [
  'admin',
  'procurement',
  'plie-coordinator',
  'awardee',
  'operator',
  'observer',
] as const;
export type Role = (typeof ROLES)[number];

/** How the pages name each role. */
export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrateur',
  procurement: 'Achats / facilitateur',
  'plie-coordinator': 'Coordinateur de PLIE',
  awardee: 'Titulaire',
  operator: 'Opérateur de la plateforme',
  observer: 'Observatoire',
};

/** Roles of a structure's own people: they act in their structure, and in it only. */
export const STRUCTURE_ROLES: readonly Role[] = ['admin', 'procurement', 'plie-coordinator'];

/** Roles of no structure that see the platform, never a structure's data. */
export const PLATFORM_ROLES: readonly Role[] = ['operator', 'observer'];

export interface Identity {
  sub: string;
  role: Role;
  /** Set for PLIE coordinators: the one PLIE whose people and lines they may see. */
  plieId?: string;
  /** Set for awardees: their company's SIRET; they reach the contracts its SIREN holds. */
  siret?: string;
  /** How histories name this person (the token's `name` or `email`); absent, their role. */
  name?: string;
  /**
   * The structure the person works in (`custom:tenant`; none named: `default`). Set for the
   * structure roles only: an awardee, the operator and the observer belong to none.
   */
  tenant?: string;
}

/** The name a history shows for whoever made a change: theirs, or else their role. */
export function actorName(actor: { name?: string | undefined; role: string }): string {
  return actor.name || (ROLE_LABELS[actor.role as Role] ?? actor.role);
}

export type Action =
  | 'plies:write'
  | 'contracts:write'
  | 'hours:write'
  | 'participants:write'
  | 'participants:erase'
  | 'participants:read'
  | 'hours:read'
  | 'contracts:read'
  | 'reports:read'
  | 'bilans:read'
  | 'changes:read'
  | 'statements:submit'
  | 'statements:read'
  | 'statements:template'
  | 'contracts:open'
  | 'contracts:attest'
  | 'tenant:read'
  | 'tenants:manage'
  | 'consolidation:read'
  | 'structure:export';

const ALLOWED: Record<Action, readonly Role[]> = {
  'plies:write': ['admin'],
  'contracts:write': ['admin', 'procurement'],
  'hours:write': ['admin', 'procurement'],
  'participants:write': ['admin', 'procurement', 'plie-coordinator'],
  'participants:read': ['admin', 'procurement', 'plie-coordinator'],
  // Erasure (GDPR) is asked of the PLIE that follows the person; procurement never needs it.
  'participants:erase': ['admin', 'plie-coordinator'],
  'hours:read': ['admin', 'procurement', 'plie-coordinator'],
  'contracts:read': ['admin', 'procurement', 'plie-coordinator'],
  'reports:read': ['admin', 'procurement', 'plie-coordinator'],
  // The yearly bilan: the structure's, a buyer's or a PLIE's; a coordinator always gets her
  // PLIE's (plieScope), whatever she asks.
  'bilans:read': ['admin', 'procurement', 'plie-coordinator'],
  'changes:read': ['admin', 'procurement'],
  // Awardees declare their hours; facilitators validate them (`hours:write`). An awardee reads
  // only its own statements and the contracts its company holds (services/awardees.ts).
  'statements:submit': ['awardee'],
  'statements:read': ['admin', 'procurement', 'awardee'],
  // The statement template: facilitators fill it to import, awardees to declare.
  'statements:template': ['admin', 'procurement', 'awardee'],
  // Listing and opening contracts: an awardee too, but only those its company holds
  // (services/awardees.ts); the contracts' other views (funding, compliance) stay `contracts:read`.
  'contracts:open': ['admin', 'procurement', 'plie-coordinator', 'awardee'],
  // The attestation of a contract's insertion hours: its awardee prints it (its company's
  // contracts only), the facilitators issue it; a coordinator reads her PLIE's share elsewhere.
  'contracts:attest': ['admin', 'procurement', 'awardee'],
  // The platform: its operator registers structures, an observatory reads their aggregates.
  'tenants:manage': ['operator'],
  // A structure's own name and id, for its people's pages.
  'tenant:read': ['admin', 'procurement', 'plie-coordinator'],
  'consolidation:read': ['observer'],
  // A structure's data, whole (a structure that leaves): its administrators only.
  'structure:export': ['admin'],
};

/** Actions whose data belongs to one PLIE: a coordinator reaches only their own. */
const PLIE_SCOPED: ReadonlySet<Action> = new Set<Action>([
  'participants:write',
  'participants:erase',
  'participants:read',
  'hours:read',
  'reports:read',
  'bilans:read',
]);

export function mayDo(identity: Identity, action: Action): boolean {
  return ALLOWED[action].includes(identity.role);
}

/** May this identity do `action` on data of PLIE `plieId`? */
export function mayDoForPlie(identity: Identity, action: Action, plieId: string): boolean {
  if (!mayDo(identity, action)) return false;
  if (identity.role !== 'plie-coordinator' || !PLIE_SCOPED.has(action)) return true;
  return identity.plieId === plieId;
}

/**
 * The PLIE a listing is limited to: a coordinator always sees their own PLIE only,
 * others see what they asked for (undefined = every PLIE).
 */
export function plieScope(identity: Identity, requested: string | undefined): string | undefined {
  return identity.role === 'plie-coordinator' ? identity.plieId : requested;
}

/**
 * Coordinators' e-mail addresses are personal data: an administrator sees them, and a PLIE's own
 * coordinators see their PLIE's; nobody else needs them.
 */
export function seesPlieContacts(identity: Identity, plieId: string): boolean {
  return (
    identity.role === 'admin' ||
    (identity.role === 'plie-coordinator' && identity.plieId === plieId)
  );
}

/** A big import's job is followed by whoever sent it, and by administrators. */
export function mayFollowJob(identity: Identity, job: { actor: { sub: string } }): boolean {
  return identity.role === 'admin' || job.actor.sub === identity.sub;
}

/** API Gateway hands array claims over as one bracketed string ("[admin procurement]"). */
export function parseGroups(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string') return [];
  return value
    .trim()
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .map((group) => group.replace(/^"|"$/g, ''))
    .filter(Boolean);
}

const PRECEDENCE: readonly Role[] = [
  'operator',
  'admin',
  'procurement',
  'plie-coordinator',
  'observer',
  'awardee',
];

/** A user in several groups acts with the widest of their roles. */
export function roleFromGroups(groups: readonly string[]): Role | null {
  return PRECEDENCE.find((role) => groups.includes(role)) ?? null;
}
