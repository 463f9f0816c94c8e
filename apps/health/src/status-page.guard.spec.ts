import { UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import { OPS_TOKEN_COOKIE, StatusPageGuard } from './status-page.guard';

const TOKEN = 'a-token-of-sixteen-chars';

type RequestLike = { path?: string; headers?: Record<string, string>; query?: Record<string, unknown> };

function context(request: RequestLike): ExecutionContext {
  const req = { path: '/status', headers: {}, query: {}, ...request };
  return { switchToHttp: () => ({ getRequest: () => req }) } as unknown as ExecutionContext;
}

describe('StatusPageGuard', () => {
  it('lets everything through when OPS_TOKEN is not set', () => {
    expect(new StatusPageGuard(undefined).canActivate(context({}))).toBe(true);
  });

  it('accepts the token as a bearer token or as its cookie, never from the URL', () => {
    const guard = new StatusPageGuard(TOKEN);
    expect(guard.canActivate(context({ headers: { authorization: `Bearer ${TOKEN}` } }))).toBe(true);
    expect(guard.canActivate(context({ headers: { cookie: `other=1; ${OPS_TOKEN_COOKIE}=${encodeURIComponent(TOKEN)}` } }))).toBe(true);
    expect(() => guard.canActivate(context({ path: '/', query: { token: TOKEN } }))).toThrow(UnauthorizedException);
    expect(() => guard.canActivate(context({ path: '/status', query: { token: TOKEN } }))).toThrow(UnauthorizedException);
  });

  it('refuses a missing or wrong token, saying how to pass it', () => {
    const guard = new StatusPageGuard(TOKEN);
    const requests: RequestLike[] = [{}, { headers: { authorization: 'Bearer wrong' } }, { headers: { cookie: `${OPS_TOKEN_COOKIE}=%E0%A4%A` } }];
    for (const request of requests) {
      expect(() => guard.canActivate(context(request))).toThrow(/sign in on the status page/);
    }
  });
});
