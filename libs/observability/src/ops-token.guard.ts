import { timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';

export const OPS_TOKEN = Symbol('OPS_TOKEN');

/** When OPS_TOKEN is set, operator surfaces require it as a bearer token. */
@Injectable()
export class OpsTokenGuard implements CanActivate {
  constructor(@Inject(OPS_TOKEN) private readonly token: string | undefined) {}

  canActivate(context: ExecutionContext): boolean {
    if (!this.token) return true;
    const presented = bearerToken(context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>().headers);
    if (presented !== undefined && sameToken(presented, this.token)) return true;
    throw new UnauthorizedException('a valid OPS_TOKEN bearer token is required');
  }
}

/** The token of an `Authorization: Bearer <token>` header. */
export function bearerToken(headers: { authorization?: unknown }): string | undefined {
  const header = headers.authorization;
  return typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7) : undefined;
}

/** Compares in constant time. */
export function sameToken(presented: string, token: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
