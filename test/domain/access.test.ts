import { describe, expect, it } from 'vitest';
import { mayDo, mayDoForPlie, parseGroups, plieScope, roleFromGroups } from '#shared/domain/access';
import { identityFromClaims } from '#shared/http/auth';

const admin = { sub: 'a', role: 'admin' as const };
const procurement = { sub: 'p', role: 'procurement' as const };
const coordinator = { sub: 'c', role: 'plie-coordinator' as const, plieId: 'graves' };

describe('the role table', () => {
  it('lets only admins write PLIEs, and admins and procurement write contracts and hours', () => {
    expect(mayDo(admin, 'plies:write')).toBe(true);
    expect(mayDo(procurement, 'plies:write')).toBe(false);
    expect(mayDo(procurement, 'contracts:write')).toBe(true);
    expect(mayDo(procurement, 'hours:write')).toBe(true);
    expect(mayDo(coordinator, 'hours:write')).toBe(false);
    expect(mayDo(coordinator, 'contracts:write')).toBe(false);
  });

  it('keeps coordinators to their own PLIE for people and lines', () => {
    expect(mayDoForPlie(coordinator, 'participants:write', 'graves')).toBe(true);
    expect(mayDoForPlie(coordinator, 'participants:write', 'bordeaux')).toBe(false);
    expect(mayDoForPlie(coordinator, 'hours:read', 'bordeaux')).toBe(false);
    expect(mayDoForPlie(procurement, 'hours:read', 'bordeaux')).toBe(true);
    expect(plieScope(coordinator, undefined)).toBe('graves');
    expect(plieScope(admin, undefined)).toBeUndefined();
  });

  it('gives a user in several groups the widest role', () => {
    expect(roleFromGroups(['plie-coordinator', 'procurement'])).toBe('procurement');
    expect(roleFromGroups(['someone-else'])).toBeNull();
  });
});

describe('claims', () => {
  it('reads groups as an array or as API Gateway’s bracketed string', () => {
    expect(parseGroups(['admin'])).toEqual(['admin']);
    expect(parseGroups('[admin]')).toEqual(['admin']);
    expect(parseGroups('[plie-coordinator procurement]')).toEqual([
      'plie-coordinator',
      'procurement',
    ]);
    expect(parseGroups('admin')).toEqual(['admin']);
    expect(parseGroups(undefined)).toEqual([]);
  });

  it('refuses a coordinator without a PLIE and a user without a role', () => {
    expect(() => identityFromClaims({ sub: 'x', 'cognito:groups': '[plie-coordinator]' })).toThrow(
      /PLIE/,
    );
    expect(() => identityFromClaims({ sub: 'x', 'cognito:groups': ['visitors'] })).toThrow(/rôle/);
    expect(
      identityFromClaims({
        sub: 'x',
        'cognito:groups': '[plie-coordinator]',
        'custom:plieId': 'graves',
      }),
    ).toEqual({ sub: 'x', role: 'plie-coordinator', plieId: 'graves', tenant: 'default' });
    // A user created before structures existed has no custom:tenant: it belongs to the default one.
    expect(
      identityFromClaims({
        sub: 'y',
        'cognito:groups': '[procurement]',
        'custom:tenant': 'grenoble-alpes',
      }),
    ).toEqual({ sub: 'y', role: 'procurement', tenant: 'grenoble-alpes' });
  });
});
