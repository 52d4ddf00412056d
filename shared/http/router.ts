import { OpenAPIHono, type z } from '@hono/zod-openapi';
import type { ZodError } from 'zod';
import { InvalidInputError } from '#shared/errors';
import { Problem } from '#shared/schemas/common';
import type { AppEnv } from './env';

const TARGET_NAMES: Record<string, string> = {
  json: 'body',
  query: 'query',
  param: 'path',
  header: 'header',
};

/** zod issues as the `errors` of problem JSON: one entry per bad field, named by its path. */
export function fieldErrors(error: ZodError, target: string): { path: string; message: string }[] {
  return error.issues.map((issue) => {
    let path = issue.path.map(String).join('.');
    if (target === 'header' && path === 'idempotency-key') path = 'Idempotency-Key';
    return { path: path || TARGET_NAMES[target] || target, message: issue.message };
  });
}

/** A router whose validation failures all become the same 400 problem. */
export function router(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const errors = fieldErrors(result.error, result.target);
        throw new InvalidInputError(
          `Données invalides : ${errors.map((e) => `${e.path} (${e.message})`).join(' ; ')}`,
          errors,
        );
      }
    },
  });
}

export function jsonBody<T extends z.ZodType>(schema: T) {
  return { required: true, content: { 'application/json': { schema } } } as const;
}

export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } } as const;
}

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Entrée illisible ou invalide (errors: champ et raison)',
  401: 'Jeton absent ou invalide',
  403: 'Rôle ou PLIE non autorisé',
  404: 'Ressource inconnue',
  409: 'Conflit (doublon, déjà annulé, clé d’idempotence réutilisée)',
  413: 'Corps de plus de 1 Mo',
  415: 'Type de contenu autre que application/json',
  422: 'Règle métier non respectée',
  429: 'Trop de requêtes (limite de débit de l’API) : réessayer un peu plus tard',
  500: 'Erreur interne (une référence est donnée, rien n’est écrit à moitié)',
  503: 'Base momentanément saturée : réessayer après Retry-After',
};

/** The problem answers a route can give, for the OpenAPI document. */
export function problems(...statuses: number[]) {
  return Object.fromEntries(
    // Any operation may be refused (401, 403), limited (429, by API Gateway), or fail (500, 503).
    [...new Set([401, 403, 429, 500, 503, ...statuses])].map((status) => [
      status,
      {
        description: ERROR_DESCRIPTIONS[status] ?? 'Erreur',
        content: { 'application/problem+json': { schema: Problem } },
      },
    ]),
  );
}

export const bearer = [{ bearer: [] }];
