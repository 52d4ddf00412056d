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
}).openapi('TenantSummary');
