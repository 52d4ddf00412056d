import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';

// Every answer an API test receives, checked against the OpenAPI document the app serves: its
// status is documented for that operation, and its JSON body is valid against the documented
// schema. What a generated client would choke on fails the test that met it.

type Json = Record<string, any>;

export interface ResponseChecker {
  check(method: string, url: string, status: number, contentType: string, body: unknown): void;
}

export function responseChecker(document: Json): ResponseChecker {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  const operations = Object.entries(document.paths as Record<string, Json>).flatMap(
    ([path, item]) =>
      Object.entries(item).map(([method, operation]) => ({
        method: method.toUpperCase(),
        path,
        pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`),
        operation: operation as Json,
      })),
  );
  const validators = new Map<string, ValidateFunction>();
  const validatorOf = (key: string, schema: Json) => {
    let validate = validators.get(key);
    if (!validate) {
      // The schema's $refs point into the document's components: they travel with it.
      validate = ajv.compile({ ...schema, components: document.components });
      validators.set(key, validate);
    }
    return validate;
  };
  return {
    check(method, url, status, contentType, body) {
      const path = url.split('?')[0] as string;
      // The most specific template first: `/api/contracts/import/decp` before `/{id}`.
      const candidates = operations
        .filter((o) => o.method === method && o.pattern.test(path))
        .sort((a, b) => (a.path.match(/\{/g)?.length ?? 0) - (b.path.match(/\{/g)?.length ?? 0));
      const found = candidates[0];
      if (!found) return; // not an operation of the document (/health, /docs, pages…)
      const where = `${method} ${found.path} → ${status}`;
      const responses = found.operation.responses as Json;
      const response = responses[String(status)] ?? responses.default;
      if (!response) throw new Error(`${where}: status not documented`);
      const media = contentType.split(';')[0]?.trim() ?? '';
      const schema = response.content?.[media]?.schema;
      if (!schema) {
        if (media.endsWith('json') && response.content)
          throw new Error(`${where}: ${media} not documented`);
        return;
      }
      const validate = validatorOf(`${where} ${media}`, schema);
      if (!validate(body))
        throw new Error(
          `${where}: body does not match the document: ${ajv.errorsText(validate.errors, { separator: '; ' })}`,
        );
    },
  };
}
