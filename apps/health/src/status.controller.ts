import { Body, Controller, Get, Header, Inject, NotFoundException, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { HealthService, HealthStatus } from '@lifecycle/health';
import { bearerToken, OPS_TOKEN, sameToken } from '@lifecycle/observability';
import { HEALTH, STATUS_ASSETS } from './health.tokens';
import type { StatusAssets } from './status-assets';
import { isSignedIn, OPS_TOKEN_COOKIE, StatusPageGuard } from './status-page.guard';

// The page loads only its own files and talks only to /status; the token must not leak through Referer.
const PAGE_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
};

// The sign-in form posts to this origin only.
const SIGN_IN_HEADERS = { ...PAGE_HEADERS, 'Content-Security-Policy': "default-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'" };

/** The largest sign-in form: `token=` and a token of up to a few hundred characters (health.service.ts reads no more). */
export const SIGN_IN_BODY_LIMIT = 1024;

/**
 * GET /status (JSON), GET / (the status page) and its assets, behind OPS_TOKEN when it is set; without it
 * GET / is a sign-in form that POSTs the token to /session, which keeps it in an HttpOnly cookie.
 */
@Controller()
export class StatusController {
  constructor(
    @Inject(HEALTH) private readonly health: HealthService,
    @Inject(STATUS_ASSETS) private readonly assets: StatusAssets,
    @Inject(OPS_TOKEN) private readonly opsToken: string | undefined,
  ) {}

  @Get('status')
  @UseGuards(StatusPageGuard)
  @Header('Cache-Control', 'no-store')
  status(): Promise<HealthStatus> {
    return this.health.status.execute();
  }

  @Get()
  page(@Req() request: Request, @Res() response: Response): void {
    if (!isSignedIn(request, this.opsToken)) return this.signIn(response, '');
    response.set(PAGE_HEADERS).type(this.assets.page.contentType).send(this.assets.page.body);
  }

  /** The sign-in form, or a bearer token: either sets the cookie and goes back to the page. */
  @Post('session')
  session(@Body() form: { token?: unknown } | undefined, @Req() request: Request, @Res() response: Response): void {
    if (!this.opsToken) return void response.redirect(303, './');
    const token = typeof form?.token === 'string' && form.token !== '' ? form.token : bearerToken(request.headers);
    if (token === undefined || !sameToken(token, this.opsToken)) return this.signIn(response, 'That is not the OPS_TOKEN of this service.');
    // Secure when the request came over TLS, directly or through a proxy named in TRUST_PROXY.
    response.cookie(OPS_TOKEN_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: request.secure, path: '/' });
    response.redirect(303, './');
  }

  @Get('assets/:name')
  @UseGuards(StatusPageGuard)
  asset(@Param('name') name: string, @Res() response: Response): void {
    const asset = this.assets.files.get(name);
    if (!asset) throw new NotFoundException(`no asset ${name}`);
    response.set({ 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' }).type(asset.contentType).send(asset.body);
  }

  private signIn(response: Response, message: string): void {
    const body = this.assets.signIn.body.toString('utf8').replace('<!--message-->', message ? `<p role="alert">${message}</p>` : '');
    response.status(401).set(SIGN_IN_HEADERS).type(this.assets.signIn.contentType).send(body);
  }
}
