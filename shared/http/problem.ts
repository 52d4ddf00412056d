import { HTTPException } from 'hono/http-exception';
import { AppError, type FieldError, type LineError, UnavailableError } from '#shared/errors';
import { newId } from '#shared/ids';
import { isStoreUnreachable, isTransientStoreError } from '#shared/store/sdk-errors';

// Every error answer is RFC 9457 problem JSON, built here and nowhere else.

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[] | LineError[];
}

const TITLES: Record<number, string> = {
  400: 'Requête invalide',
  401: 'Authentification requise',
  403: 'Accès refusé',
  404: 'Ressource introuvable',
  409: 'Conflit',
  413: 'Requête trop volumineuse',
  415: 'Type de contenu non pris en charge',
  422: 'Règle métier non respectée',
  500: 'Erreur interne',
  502: 'Service tiers indisponible',
  503: 'Service momentanément indisponible',
};

export function problem(
  status: number,
  slug: string,
  detail: string,
  errors?: FieldError[] | LineError[],
): ProblemBody {
  return {
    type: `urn:clause-tracker:problem:${slug}`,
    title: TITLES[status] ?? 'Erreur',
    status,
    detail,
    ...(errors?.length ? { errors } : {}),
  };
}

export function problemResponse(body: ProblemBody, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status: body.status,
    headers: { 'content-type': 'application/problem+json; charset=utf-8', ...headers },
  });
}

const HTTP_EXCEPTIONS: Record<number, [string, string]> = {
  400: ['invalid-input', 'Le corps de la requête n’est pas un JSON valide.'],
  413: ['payload-too-large', 'Le corps de la requête dépasse 1 Mo.'],
  415: ['unsupported-media-type', 'Type de contenu non pris en charge : envoyez application/json.'],
};

const BUSY = 'Le service est très sollicité : réessayez dans un instant.';
const UNREACHABLE = 'Le service ne répond pas pour le moment : réessayez dans quelques secondes.';

/**
 * Whether the error says "not now" (a 503 the client may retry after Retry-After), and why:
 * the store too busy (throttling, contention) goes away within a second; the store unreachable
 * or silent (connection refused or lost, timeouts, its own 5xx) is given a few seconds.
 */
function unavailability(error: unknown): { detail: string; retryAfterSeconds: number } | null {
  if (error instanceof UnavailableError) {
    return { detail: BUSY, retryAfterSeconds: error.retryAfterSeconds };
  }
  if (isTransientStoreError(error)) return { detail: BUSY, retryAfterSeconds: 1 };
  if (isStoreUnreachable(error)) return { detail: UNREACHABLE, retryAfterSeconds: 5 };
  return null;
}

/** Turns anything thrown into problem JSON; a 5xx never carries the error's own words. */
export function errorToResponse(
  error: unknown,
  log: (error: unknown, reference: string) => void,
): Response {
  const unavailable = unavailability(error);
  if (unavailable) {
    return problemResponse(problem(503, 'unavailable', unavailable.detail), {
      'retry-after': String(unavailable.retryAfterSeconds),
    });
  }
  if (error instanceof AppError) {
    return problemResponse(problem(error.status, error.slug, error.message, error.errors));
  }
  if (error instanceof HTTPException && error.status < 500) {
    const [slug, detail] = HTTP_EXCEPTIONS[error.status] ?? [
      'http-error',
      TITLES[error.status] ?? 'Erreur',
    ];
    return problemResponse(problem(error.status, slug, detail));
  }
  // The reference ties the user's report to the log line that holds the details.
  const reference = newId();
  log(error, reference);
  return problemResponse(
    problem(500, 'internal', `Une erreur inattendue est survenue. Référence : ${reference}.`),
  );
}
