import { currentSession, forget } from './auth';

// The API as the pages call it: the bearer token on every request, problem JSON turned into an
// error that carries each field's message, and a 401 sending the user back to sign in.

export interface FieldProblem {
  path?: string;
  line?: number;
  column?: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly errors: FieldProblem[] = [],
  ) {
    super(detail);
  }
}

export async function api<T>(
  method: string,
  path: string,
  body?: unknown,
  options: {
    contentType?: string;
    headers?: Record<string, string>;
    /** The answer as text, or as a file (a Blob), instead of JSON. */
    raw?: boolean | 'blob';
  } = {},
): Promise<T> {
  const session = currentSession();
  const headers: Record<string, string> = { ...options.headers };
  if (session) headers.authorization = `Bearer ${session.token}`;
  let payload: BodyInit | undefined;
  if (body !== undefined) {
    headers['content-type'] = options.contentType ?? 'application/json';
    payload = typeof body === 'string' || body instanceof Blob ? body : JSON.stringify(body);
  }
  const response = await fetch(path, {
    method,
    headers,
    ...(payload !== undefined ? { body: payload } : {}),
  });
  if (response.status === 401) {
    forget();
    location.hash = '#/connexion';
  }
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as {
      detail?: string;
      errors?: FieldProblem[];
    };
    throw new ApiError(
      response.status,
      problem.detail ?? `Erreur ${response.status}`,
      problem.errors ?? [],
    );
  }
  if (options.raw === 'blob') return response.blob() as Promise<T>;
  return (options.raw ? response.text() : response.json()) as Promise<T>;
}

/** Every page of a list, for the pickers (a few hundred items at most). */
export async function all<T>(path: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const page: { items: T[]; nextCursor: string | null } = await api(
      'GET',
      `${path}${separator}limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}
