import { timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';

export const OPS_TOKEN = Symbol('OPS_TOKEN');

/** When OPS_TOKEN is set, operator surfaces require it as a bearer token. */
@Injectable()
export class OpsTokenGuard implements CanActivate {
  constructor(@Inject(OPS_TOKEN) private readonly token: string | undefined) {}

  canActivate(context: ExecutionContext): boolean {
    if (!this.token) return true;
    const header: unknown = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>().headers.authorization;
    const presented = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7) : '';
    const a = Buffer.from(presented);
    const b = Buffer.from(this.token);
    if (a.length === b.length && timingSafeEqual(a, b)) return true;
    throw new UnauthorizedException('a valid OPS_TOKEN bearer token is required');
  }
}
