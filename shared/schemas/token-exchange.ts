import { z } from 'zod';

/** What the pages send to exchange Cognito's authorization code (PKCE) for a token. */
export const TokenExchange = z.object({
  code: z.string().min(1).max(2048),
  codeVerifier: z.string().regex(/^[A-Za-z0-9._~-]{43,128}$/),
});
