// Structures ("structures porteuses"): a Maison de l'emploi, a PLIE, a metropolis' employment
// service. One deployment serves many; each one's data is its own (shared/store/keys.ts).

/** A structure's id: what tokens carry (`custom:tenant`) and every key of its data begins with. */
export const TENANT_ID_PATTERN = /^[a-z0-9-]{2,40}$/;

/** The structure of a deployment from before structures, and of tokens that name none. */
export const DEFAULT_TENANT = 'default';

/**
 * Who operates the platform and who observes it belong to no structure: their handle on the
 * store is one of a structure that cannot exist (its id breaks the pattern), so a route they
 * should never reach would find nothing rather than someone's data.
 */
export const NO_TENANT = '-';

export const isTenantId = (value: string) => TENANT_ID_PATTERN.test(value);
