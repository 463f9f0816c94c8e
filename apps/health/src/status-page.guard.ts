import { Inject, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { bearerToken, OPS_TOKEN, sameToken } from '@lifecycle/observability';

/** The cookie the status page keeps OPS_TOKEN in after signing in (HttpOnly, SameSite=Strict, Secure over TLS). */
export const OPS_TOKEN_COOKIE = 'lifecycle_ops_token';

/**
 * OpsTokenGuard for a browser: when OPS_TOKEN is set, accepts it as a bearer token (scripts, proxies) or
 * as the cookie that signing in on the page sets. A token never travels in a URL.
 */
@Injectable()
export class StatusPageGuard implements CanActivate {
  constructor(@Inject(OPS_TOKEN) private readonly token: string | undefined) {}

  canActivate(context: ExecutionContext): boolean {
    if (isSignedIn(context.switchToHttp().getRequest<Request>(), this.token)) return true;
    throw new UnauthorizedException('a valid OPS_TOKEN is required: send it as a bearer token, or sign in on the status page (/)');
  }
}

/** No token configured, or the request carries it as a bearer token or in the page's cookie. */
export function isSignedIn(request: Pick<Request, 'headers'>, token: string | undefined): boolean {
  if (!token) return true;
  const presented = [bearerToken(request.headers), cookie(request.headers.cookie, OPS_TOKEN_COOKIE)];
  return presented.some((value) => value !== undefined && sameToken(value, token));
}

function cookie(header: string | undefined, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
