// What the pages need to know to sign people in, served as /app-config.json by the API and read
// by the pages: local dev tokens, or Cognito's hosted sign-in (authorization code + PKCE).

export type PagesConfig =
  | { mode: 'dev' }
  | { mode: 'cognito'; domain: string; clientId: string; redirectUri: string };
