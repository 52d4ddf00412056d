import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '#shared/domain/access';
import { mayOpen, pageAction, reservedTo } from '../../web/src/page-access';

// Issue 29: pages a role cannot use are not reachable. One table (web/src/page-access.ts) says
// which permission each page needs; here, every page of the router for every role, against
// what each role is for — written out by hand, so that a change of the table shows here.

const A = 'admin';
const P = 'procurement';
const C = 'plie-coordinator';
const T = 'awardee';
const STRUCTURE: Role[] = [A, P, C];

/** Every page of web/src/main.ts's router, by an address of it, and who may use it. */
const PAGES: [string, Role[]][] = [
  ['#/marches', STRUCTURE],
  ['#/marches/nouveau', [A, P]],
  ['#/marches/01JB9Z6Q4K8M2N5P7R9T1V3X5Z', STRUCTURE],
  ['#/marches/01JB9Z6Q4K8M2N5P7R9T1V3X5Z/modifier', [A, P]],
  ['#/marches/01JB9Z6Q4K8M2N5P7R9T1V3X5Z/attestation', [A, P, T]],
  ['#/import-decp', [A, P]],
  ['#/saisie', [A, P]],
  ['#/saisie?mois=2026-11', [A, P]],
  ['#/heures', STRUCTURE],
  ['#/releves', [A, P]],
  ['#/releves/ST0123456789ABCDEF0123456789ABCD', [A, P, T]],
  ['#/imports', [A, P]],
  ['#/imports/01JB9Z6Q4K8M2N5P7R9T1V3X5Z', [A, P]],
  ['#/declarer', [T]],
  ['#/declarer?marche=X1', [T]],
  ['#/plies', STRUCTURE],
  ['#/plie/bordeaux', STRUCTURE],
  ['#/participants', STRUCTURE],
  ['#/participants/01JB9Z6Q4K8M2N5P7R9T1V3X5Z', STRUCTURE],
  ['#/conformite', STRUCTURE],
  ['#/rapport', STRUCTURE],
  ['#/bilan', STRUCTURE],
  ['#/journal', [A, P]],
  ['#/administration', [A]],
  ['#/administration/criteres', [A]],
  ['#/administration/financement', [A]],
  ['#/administration/seuils', [A]],
  ['#/administration/relances', [A]],
  ['#/administration/export', [A]],
  ['#/administration/acheteurs', [A]],
  ['#/administration/donnees-ouvertes', [A]],
];

describe('the pages each role may use', () => {
  it('opens every page to the roles it is for, and to no other', () => {
    const table = PAGES.map(([href]) => [href, ROLES.filter((role) => mayOpen({ role }, href))]);
    expect(table).toEqual(PAGES);
  });

  it('needs a permission for every page but the home, which each role has', () => {
    for (const [href] of PAGES)
      expect(pageAction(href.slice(1).split('?')[0] ?? '')).not.toBeNull();
    expect(pageAction('/')).toBeNull();
    for (const role of ROLES) expect(mayOpen({ role }, '#/')).toBe(true);
  });

  it('says in French whom a page is reserved to', () => {
    expect(reservedTo('hours:write')).toBe(
      'Cette page est réservée aux administrateurs et aux facilitateurs (achats)',
    );
    expect(reservedTo('statements:submit')).toBe(
      'Cette page est réservée aux entreprises titulaires des marchés',
    );
    expect(reservedTo('contracts:attest')).toBe(
      'Cette page est réservée aux administrateurs, aux facilitateurs (achats) et aux entreprises titulaires des marchés',
    );
    expect(reservedTo('plies:write')).toBe('Cette page est réservée aux administrateurs');
  });
});
