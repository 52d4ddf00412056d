import type { LambdaEvent } from 'hono/aws-lambda';
import type { Identity } from '#shared/domain/access';
import type { ServiceDeps } from '#shared/services/deps';

/** What every handler can reach: the Lambda event (in AWS), the caller and the services' deps. */
export interface AppEnv {
  Bindings: {
    event?: LambdaEvent;
    /**
     * Set by the API function's adapter (functions/api/adapter.ts): a JSON request's body as
     * text, which the validators then parse without reading the Request's stream again.
     */
    jsonBody?: string;
    /** Set by that adapter: it adds the security headers to the answer itself (see `app.ts`). */
    securityHeadersByAdapter?: boolean;
    /** What the app hands a route group it forwards a request to (see `app.ts`). */
    inherited?: { identity?: Identity; deps: ServiceDeps };
  };
  Variables: { identity: Identity; deps: ServiceDeps };
}
