import { timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { OPS_TOKEN } from '@lifecycle/observability';

/** The cookie the status page keeps OPS_TOKEN in after `/?token=…` (HttpOnly, SameSite=Strict). */
export const OPS_TOKEN_COOKIE = 'lifecycle_ops_token';

/**
 * OpsTokenGuard for a browser: when OPS_TOKEN is set, accepts it as a bearer token (scripts, proxies),
 * as the cookie the page sets, or once as `?token=` on the page itself.
 */
@Injectable()
export class StatusPageGuard implements CanActivate {
  constructor(@Inject(OPS_TOKEN) private readonly token: string | undefined) {}

  canActivate(context: ExecutionContext): boolean {
    if (!this.token) return true;
    const request = context.switchToHttp().getRequest<Request>();
    const header = request.headers.authorization;
    const presented = [
      typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7) : undefined,
      cookie(request.headers.cookie, OPS_TOKEN_COOKIE),
      request.path === '/' && typeof request.query.token === 'string' ? request.query.token : undefined,
    ];
    if (presented.some((value) => value !== undefined && same(value, this.token as string))) return true;
    throw new UnauthorizedException('a valid OPS_TOKEN is required: send it as a bearer token, or open /?token=<OPS_TOKEN> once in the browser');
  }
}

function same(presented: string, token: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
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
