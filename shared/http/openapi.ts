// The OpenAPI document as generated clients read it: every operation named (`operationId`,
// from its method and path), what a body may be refused for (413, 415), the server it is served
// from, and the licence of the code.

type Document = Record<string, unknown> & { paths?: Record<string, Record<string, unknown>> };

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

/** `post /api/contracts/{id}/amendments` → `postContractsIdAmendments`. */
export function operationIdOf(method: string, path: string): string {
  const words = path
    .replace(/^\/api\//, '/')
    .split(/[/{}\-_.]+/)
    .filter(Boolean);
  return [method, ...words].map((w, i) => (i ? w[0]?.toUpperCase() + w.slice(1) : w)).join('');
}

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

/** What any operation with a body may answer about that body, as the app's middleware does. */
const BODY_PROBLEMS: Record<string, ReturnType<typeof problem>> = {
  413: problem('Corps trop volumineux (1 Mo ; 5 Mo pour les imports)'),
  415: problem('Type de contenu non pris en charge'),
};

function completeOperation(method: string, path: string, operation: Record<string, unknown>) {
  const responses = { ...(operation.responses as Record<string, unknown> | undefined) };
  if (operation.requestBody)
    for (const [status, answer] of Object.entries(BODY_PROBLEMS)) responses[status] ??= answer;
  return { operationId: operationIdOf(method, path), ...operation, responses };
}

export function completeDocument<T extends Document>(document: T): T {
  const paths = Object.fromEntries(
    Object.entries(document.paths ?? {}).map(([path, item]) => [
      path,
      Object.fromEntries(
        Object.entries(item).map(([method, operation]) =>
          METHODS.includes(method) && operation && typeof operation === 'object'
            ? [method, completeOperation(method, path, operation as Record<string, unknown>)]
            : [method, operation],
        ),
      ),
    ]),
  );
  return {
    ...document,
    servers: [{ url: '/', description: 'le serveur qui sert ce document' }],
    paths,
  };
}
