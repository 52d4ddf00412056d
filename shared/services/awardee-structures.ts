import type { Identity } from '#shared/domain/access';
import { holdsContract } from '#shared/domain/awardees';
import { sirenOf } from '#shared/domain/identifiers';
import { DEFAULT_TENANT } from '#shared/domain/tenants';
import { NotFoundError } from '#shared/errors';
import type { Plie } from '#shared/schemas/plies';
import type { Stores } from '#shared/store/index';
import type { TenantRecord } from '#shared/store/tenants';
import type { ServiceDeps } from './deps';
import { listPlies } from './plies';

// An awardee belongs to no structure: a company holds contracts in many territories and sees
// them all in one place, and declares to each structure, whose facilitators validate their
// own. Its requests are served in the structures where its company holds contracts, each one's
// through that structure's stores (so nothing else of the structure is reachable).
//
// Finding them reads one key of each structure's holders' index (a few hundred small queries
// for a country, in parallel): a platform-wide index of holders would make it one query.

export interface CompanyStructure {
  tenant: TenantRecord;
  deps: ServiceDeps;
}

const PARALLEL = 16;

function siretOf(actor: Identity): string {
  if (!actor.siret) throw new NotFoundError('Ce marché n’existe pas.');
  return actor.siret;
}

/** The structures where the awardee's company holds at least one contract. */
export async function structuresOfCompany(
  deps: ServiceDeps,
  actor: Identity,
): Promise<CompanyStructure[]> {
  const registry = deps.platform;
  // Without the register (tests of one structure, scripts): the caller's own stores.
  if (!registry) {
    return [{ tenant: { id: deps.stores.tenant, name: '', createdAt: '', createdBy: '' }, deps }];
  }
  const siren = sirenOf(siretOf(actor));
  const tenants = await registry.tenants.list();
  if (!tenants.some((t) => t.id === DEFAULT_TENANT)) {
    tenants.unshift({ id: DEFAULT_TENANT, name: '', createdAt: '', createdBy: '' });
  }
  const found: CompanyStructure[] = [];
  for (let i = 0; i < tenants.length; i += PARALLEL) {
    const batch = tenants.slice(i, i + PARALLEL);
    const holds = await Promise.all(
      batch.map((tenant) => registry.of(tenant.id).contractIndexes.holdsAny(siren)),
    );
    batch.forEach((tenant, k) => {
      if (holds[k]) found.push({ tenant, deps: scoped(deps, registry.of(tenant.id)) });
    });
  }
  return found;
}

const scoped = (deps: ServiceDeps, stores: Stores): ServiceDeps => ({ ...deps, stores });

/**
 * The services' deps in the structure that holds this contract for the awardee's company:
 * 404 when none does (another company's contract, or no such contract), as for any id.
 */
export async function structureOfContract(
  deps: ServiceDeps,
  actor: Identity,
  contractId: string,
): Promise<CompanyStructure> {
  const siret = siretOf(actor);
  for (const structure of await structuresOfCompany(deps, actor)) {
    const contract = await structure.deps.stores.contracts.get(contractId);
    if (contract && holdsContract(contract, siret)) return structure;
  }
  throw new NotFoundError('Ce marché n’existe pas.');
}

/**
 * The PLIEs an awardee may name in a declaration: those of the structures where its company
 * holds contracts, or of one of them (`tenant`; 404 for any other structure).
 */
export async function pliesOfAwardee(
  deps: ServiceDeps,
  actor: Identity,
  tenant?: string,
): Promise<Plie[]> {
  const structures = (await structuresOfCompany(deps, actor)).filter(
    (structure) => tenant === undefined || structure.tenant.id === tenant,
  );
  if (tenant !== undefined && structures.length === 0) {
    throw new NotFoundError('Votre entreprise n’a pas de marché suivi par cette structure.');
  }
  const lists = await Promise.all(structures.map(({ deps: there }) => listPlies(there, actor)));
  return lists.flat();
}

/** The structure where the awardee's company declared this statement; 404 otherwise. */
export async function structureOfStatement(
  deps: ServiceDeps,
  actor: Identity,
  statementId: string,
): Promise<CompanyStructure> {
  const siren = sirenOf(siretOf(actor));
  for (const structure of await structuresOfCompany(deps, actor)) {
    const statement = await structure.deps.stores.statements.get(statementId);
    if (statement?.awardeeSiret && sirenOf(statement.awardeeSiret) === siren) return structure;
  }
  throw new NotFoundError('Ce relevé n’existe pas.');
}
