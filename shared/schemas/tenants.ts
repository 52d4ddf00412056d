import { TENANT_ID_PATTERN } from '#shared/domain/tenants';
import { Text } from './common';
import { z } from './zod';

export const TenantId = z
  .string()
  .regex(TENANT_ID_PATTERN, {
    message: 'Identifiant de structure : 2 à 40 caractères, minuscules, chiffres ou tirets',
  })
  .openapi({ example: 'grenoble-alpes' });

export const TenantCreate = z
  .object({
    id: TenantId,
    name: Text(120).openapi({ example: 'Grenoble-Alpes Métropole' }),
  })
  .openapi('TenantCreate');

export const Tenant = z
  .object({
    id: TenantId,
    name: z.string(),
    createdAt: z.string(),
    createdBy: z.string(),
  })
  .openapi('Tenant');

export const TenantSummary = Tenant.extend({
  plies: z.number().int().openapi({ description: 'nombre de PLIE' }),
  contracts: z.number().int().openapi({ description: 'nombre de marchés' }),
  administrators: z
    .number()
    .int()
    .openapi({ description: 'nombre d’administrateurs invités par l’opérateur' }),
}).openapi('TenantSummary');

export const TenantIdParam = z.object({
  id: TenantId.openapi({ param: { name: 'id', in: 'path' } }),
});

export const AdministratorInvite = z
  .object({
    email: z
      .email({ message: 'Adresse e-mail invalide' })
      .max(254)
      .openapi({ example: 'direction@grenoble-alpes.example' }),
    name: Text(120).optional().openapi({
      description: 'le nom de la personne, tel que les historiques le montreront',
      example: 'Camille Martin',
    }),
  })
  .openapi('AdministratorInvite');

export const AdministratorInvitation = z
  .object({
    email: z.string(),
    tenant: TenantId,
    name: z.string().nullable(),
    invitedAt: z.string().openapi({ description: 'la première invitation de cette adresse' }),
    invitedBy: z.string(),
    invitedByName: z.string().nullable(),
    account: z.enum(['created', 'existing', 'local']).openapi({
      description:
        'created : compte créé (Cognito envoie le mot de passe provisoire) ; existing : ' +
        'l’adresse avait déjà un compte de cette structure, ou y était déjà invitée ; local : ' +
        'mode local, sans compte',
    }),
    signInUrl: z.string().nullable().openapi({
      description:
        'en mode local, le lien qui ouvre la connexion comme administrateur de la structure',
    }),
    recorded: z
      .boolean()
      .openapi({ description: 'false : cette adresse était déjà invitée à cette structure' }),
  })
  .openapi('AdministratorInvitation');
