import type { LambdaEvent } from 'hono/aws-lambda';
import type { Identity } from '#shared/domain/access';
import type { ServiceDeps } from '#shared/services/deps';

/** What every handler can reach: the Lambda event (in AWS), the caller and the services' deps. */
export interface AppEnv {
  Bindings: {
    event?: LambdaEvent;
    /** What the app hands a route group it forwards a request to (see `app.ts`). */
    inherited?: { identity?: Identity; deps: ServiceDeps };
  };
  Variables: { identity: Identity; deps: ServiceDeps };
}
