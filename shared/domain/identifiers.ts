// The shapes of the identifiers people type or that files carry, with the rule in French:
// the API's schemas and the statement reader check them with the same patterns.

export interface IdentifierRule {
  pattern: RegExp;
  /** What a valid value looks like, in French. */
  rule: string;
}

/** A PLIE's id, chosen by the administrator (`bordeaux`, `hauts-de-garonne`). */
export const PLIE_ID: IdentifierRule = {
  pattern: /^[a-z0-9-]{2,40}$/,
  rule: 'Identifiant de PLIE : 2 à 40 caractères parmi a-z, 0-9 et « - »',
};

/** A participant's pseudonym, chosen by the PLIE: no names, birth dates or social security numbers. */
export const PARTICIPANT_REF: IdentifierRule = {
  pattern: /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/,
  rule: 'Référence pseudonyme : 1 à 40 caractères parmi A-Z, a-z, 0-9, « . », « _ », « - »',
};

/** Server-generated identifiers (contracts, participants, lines). */
export const ENTITY_ID: IdentifierRule = {
  pattern: /^[A-Za-z0-9_-]{1,64}$/,
  rule: 'Identifiant invalide',
};

/** A contract's reference as its buyer writes it. */
export const MAX_CONTRACT_REFERENCE_LENGTH = 100;

export function matches(rule: IdentifierRule, value: string): boolean {
  return rule.pattern.test(value);
}
