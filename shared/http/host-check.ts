import type { MiddlewareHandler } from 'hono';
import { problem, problemResponse } from './problem';

// The local server listens on the loopback only, but a web page the user visits can still
// reach it through DNS rebinding: its own name, re-pointed to 127.0.0.1, makes the browser
// send the page's requests here (POST /dev/token included) as same-origin. Such requests carry
// the page's name in `Host`; refusing every name but the server's own closes that door.

/** The names a loopback server answers to, whatever its port. */
export const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'] as const;

/** The host name of a `Host` header, without its port; lowercased. */
export function hostNameOf(header: string): string {
  const value = header.trim().toLowerCase();
  if (value.startsWith('[')) return value.slice(0, value.indexOf(']') + 1);
  // A bare IPv6 address (a configured HOST): a header always has it in brackets.
  if (value.split(':').length > 2) return `[${value}]`;
  return value.replace(/:\d+$/, '');
}

/** Refuses (403) any request whose `Host` is not one of `allowed` (names, without port). */
export function hostCheck(allowed: readonly string[]): MiddlewareHandler {
  const names = new Set(allowed.map((name) => hostNameOf(name)));
  return async (c, next) => {
    const host = c.req.header('host');
    if (!host || !names.has(hostNameOf(host))) {
      return problemResponse(
        problem(
          403,
          'host-refused',
          `Ce serveur local ne répond qu’à son propre nom (${[...names].join(', ')}) : ouvrez-le par http://localhost.`,
        ),
      );
    }
    await next();
  };
}
