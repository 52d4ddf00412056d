import type { Hono } from 'hono';
import {
  type APIGatewayProxyResult,
  type ApiGatewayRequestContextV2,
  defaultIsContentTypeBinary,
  handle as honoHandle,
  type LambdaContext,
  type LambdaEvent,
} from 'hono/aws-lambda';
import type { AppEnv } from '#shared/http/env';
import { errorToResponse } from '#shared/http/problem';

// The API function's Lambda adapter: an API Gateway HTTP API event (payload 2.0) in, the app's
// answer out. It does what Hono's `hono/aws-lambda` does for these events, with less on the
// way (bench/RESULTS.md, issue 26): the request body goes to the app already decoded, so its
// validators read no stream, and the security headers every answer carries are written into
// the result as they are rather than through the Response's headers one by one. Any other
// event (API Gateway v1, ALB) goes through Hono's adapter, as before. One difference: a text
// answer's leading BOM reaches the client (see resultOf).

/** An HTTP API (payload 2.0) event, as API Gateway hands it over. */
interface HttpApiEvent {
  rawPath: string;
  rawQueryString?: string;
  headers?: Record<string, string | undefined>;
  cookies?: string[];
  body?: string | null;
  isBase64Encoded?: boolean;
  requestContext: ApiGatewayRequestContextV2;
}

export interface AdapterOptions {
  /** Headers every answer carries unless the app set them: the app's security headers. */
  headers?: () => Promise<readonly (readonly [string, string])[]>;
  /** Where an answer that fails while it is read is logged, with its problem's reference. */
  logError?: (error: unknown, reference: string) => void;
}

const isHttpApiEvent = (event: LambdaEvent): event is LambdaEvent & HttpApiEvent =>
  Object.hasOwn(event, 'rawPath') && Object.hasOwn(event.requestContext ?? {}, 'http');

/** As Hono's adapter does: a header value with non-ASCII characters goes URI-encoded. */
const headerValue = (value: string) =>
  /[\u0080-\uffff]/.test(value) ? encodeURIComponent(value) : value;

/** A compressed answer's bytes are not text, whatever its type says (as Hono's adapter). */
const isBinary = (contentType: string | null, contentEncoding: string | null) =>
  (contentType !== null && defaultIsContentTypeBinary(contentType)) ||
  (!!contentEncoding && !/^identity$/i.test(contentEncoding));

const JSON_TYPE = /^application\/([\w.-]+\+)?json\s*(;|$)/i;

/** The Request Hono's adapter would build, and a JSON body's text the app may parse as is. */
function requestOf(event: HttpApiEvent): { request: Request; jsonBody: string | undefined } {
  const headers = new Headers();
  if (event.cookies?.length) headers.set('cookie', event.cookies.join('; '));
  for (const name in event.headers) {
    const value = event.headers[name];
    if (value) headers.set(name, headerValue(value));
  }
  const query = event.rawQueryString ? `?${event.rawQueryString}` : '';
  const url = `https://${event.requestContext.domainName}${event.rawPath}${query}`;
  const method = event.requestContext.http.method;
  if (!event.body) return { request: new Request(url, { method, headers }), jsonBody: undefined };
  const body = Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
  headers.set('content-length', String(body.byteLength));
  const text = !event.isBase64Encoded && JSON_TYPE.test(headers.get('content-type') ?? '');
  return {
    request: new Request(url, { method, headers, body }),
    jsonBody: text ? event.body : undefined,
  };
}

/** The Lambda result of an answer: binary bodies base64, cookies apart (as Hono's adapter). */
async function resultOf(
  response: Response,
  fixed: readonly (readonly [string, string])[],
): Promise<APIGatewayProxyResult> {
  // The app's own header wins over a security header of the same name: open data's
  // `cross-origin-resource-policy: cross-origin` must (openToAll wraps the security headers in
  // shared/http/app.ts for that). Locally, Hono's middleware overwrites what a route inside it
  // sets; no route sets a security header, so both paths answer alike.
  const headers: Record<string, string> = {};
  for (const [name, value] of fixed) headers[name] = value;
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  const binary = isBinary(headers['content-type'] ?? null, headers['content-encoding'] ?? null);
  return {
    statusCode: response.status,
    headers,
    ...(cookies.length ? { cookies } : {}),
    // Decoded by Buffer, which keeps a leading BOM (the CSV exports start with one, for Excel
    // to read them as UTF-8); `response.text()`, which Hono's adapter uses, drops it.
    body: Buffer.from(await response.arrayBuffer()).toString(binary ? 'base64' : 'utf8'),
    isBase64Encoded: binary,
  };
}

export function handle(app: Hono<AppEnv>, options: AdapterOptions = {}) {
  const fallback = honoHandle(app);
  let fixed: readonly (readonly [string, string])[] | undefined;
  return async (
    event: LambdaEvent,
    lambdaContext?: LambdaContext,
  ): Promise<APIGatewayProxyResult> => {
    if (!isHttpApiEvent(event)) return fallback(event, lambdaContext);
    fixed ??= (await options.headers?.()) ?? [];
    let built: ReturnType<typeof requestOf>;
    try {
      built = requestOf(event);
    } catch (error) {
      // As Hono's adapter: a request undici refuses (a header it cannot carry) is the caller's.
      console.error('Error processing request:', error);
      const invalid = error instanceof TypeError;
      const status = invalid ? 400 : 500;
      return resultOf(
        new Response(invalid ? 'Invalid request' : 'Internal Server Error', { status }),
        fixed,
      );
    }
    const response = await app.fetch(built.request, {
      event,
      requestContext: event.requestContext,
      lambdaContext,
      jsonBody: built.jsonBody,
      securityHeadersByAdapter: options.headers !== undefined,
    } satisfies AppEnv['Bindings'] & Record<string, unknown>);
    try {
      return await resultOf(response, fixed);
    } catch (error) {
      // An answer whose body fails half-way (a stream erroring): a problem with its reference,
      // rather than the invocation's error, which API Gateway turns into a bare 500.
      const log = options.logError ?? ((e, reference) => console.error(reference, e));
      return resultOf(errorToResponse(error, log), fixed);
    }
  };
}
