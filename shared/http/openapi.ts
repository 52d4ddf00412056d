// The OpenAPI document as generated clients read it: every operation named (`operationId`,
// from its method and path), the server it is served from, and the licence of the code.

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

export function completeDocument<T extends Document>(document: T): T {
  const paths = Object.fromEntries(
    Object.entries(document.paths ?? {}).map(([path, item]) => [
      path,
      Object.fromEntries(
        Object.entries(item).map(([method, operation]) =>
          METHODS.includes(method) && operation && typeof operation === 'object'
            ? [method, { operationId: operationIdOf(method, path), ...operation }]
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
