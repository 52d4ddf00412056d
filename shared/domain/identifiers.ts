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

/**
 * La Poste's establishments share one SIREN and many follow their own check instead of Luhn's:
 * the sum of their digits is a multiple of 5.
 */
const LA_POSTE_SIREN = '356000000';

/** A SIRET as people and files write it (`802 684 969 000 16`): spaces of any kind removed. */
export function normaliseSiret(value: string): string {
  return value.replace(/[\s\u00a0\u202f]/g, '');
}

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/**
 * Why `siret` (already normalised) is not a valid SIRET, in French; null when it is. Open data
 * is taken as published (`checkKey: false`): the official DECP examples themselves carry
 * SIRETs whose key is wrong, and refusing them would lose the contract, not correct it.
 */
export function siretProblem(
  siret: string,
  options: { checkKey: boolean } = { checkKey: true },
): string | null {
  if (!/^\d{14}$/.test(siret)) return 'SIRET attendu : 14 chiffres';
  if (!options.checkKey) return null;
  const valid =
    luhnValid(siret) ||
    (siret.startsWith(LA_POSTE_SIREN) &&
      [...siret].reduce((sum, d) => sum + Number(d), 0) % 5 === 0);
  return valid ? null : `SIRET invalide (clé de contrôle fausse) : « ${siret} »`;
}

/** The company (SIREN, 9 digits) an establishment (SIRET) belongs to, spaces or not. */
export function sirenOf(siret: string): string {
  return normaliseSiret(siret).slice(0, 9);
}

/** Does a SIRET (14 digits) pass its check: Luhn's, or La Poste's own? */
function siretKeyValid(siret: string): boolean {
  return siretProblem(siret) === null;
}

/** Is a SIREN (9 digits) one whose Luhn key checks? */
export function sirenValid(siren: string): boolean {
  return /^\d{9}$/.test(siren) && (luhnValid(siren) || siren === LA_POSTE_SIREN);
}

/**
 * The SIRET a published one was meant to be, when a spreadsheet or a hand mangled it and one
 * reading only checks: 15 digits with an extra 0 in the establishment's number, or 10 to 13
 * with zeros lost. A reading counts only if both the SIREN's key and the SIRET's key check;
 * none or several: null, nothing is guessed.
 */
export function repairedSiret(published: string): string | null {
  const digits = normaliseSiret(published);
  const readings = new Set<string>();
  if (/^\d{15}$/.test(digits)) {
    for (let i = 9; i < 15; i++) {
      if (digits[i] === '0') readings.add(digits.slice(0, i) + digits.slice(i + 1));
    }
  } else if (/^\d{10,13}$/.test(digits)) {
    const missing = 14 - digits.length;
    // Leading zeros a spreadsheet dropped, or one 0 lost anywhere.
    readings.add('0'.repeat(missing) + digits);
    if (missing === 1) {
      for (let i = 0; i <= digits.length; i++) {
        readings.add(`${digits.slice(0, i)}0${digits.slice(i)}`);
      }
    }
  }
  const valid = [...readings].filter((s) => sirenValid(s.slice(0, 9)) && siretKeyValid(s));
  return valid.length === 1 ? (valid[0] as string) : null;
}

/**
 * The SIREN inside a French VAT number (`FR66562096297`: key 66, SIREN 562096297), when its
 * key checks: key = (12 + 3 × (SIREN mod 97)) mod 97. Null for anything else.
 */
export function sirenOfFrenchVat(vat: string): string | null {
  const match = /^FR(\d{2})(\d{9})$/.exec(normaliseSiret(vat).toUpperCase());
  if (!match) return null;
  const [, key, siren] = match as unknown as [string, string, string];
  return Number(key) === (12 + 3 * (Number(siren) % 97)) % 97 ? siren : null;
}
