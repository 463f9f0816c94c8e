import { Controller, Get, Header, Inject, NotFoundException, Param, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { HealthService, HealthStatus } from '@lifecycle/health';
import { OPS_TOKEN } from '@lifecycle/observability';
import { HEALTH, STATUS_ASSETS } from './health.tokens';
import type { StatusAssets } from './status-assets';
import { OPS_TOKEN_COOKIE, StatusPageGuard } from './status-page.guard';

// The page loads only its own files and talks only to /status; the token must not leak through Referer.
const PAGE_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
};

/** GET /status (JSON), GET / (the status page) and its assets, behind OPS_TOKEN when it is set. */
@Controller()
@UseGuards(StatusPageGuard)
export class StatusController {
  constructor(
    @Inject(HEALTH) private readonly health: HealthService,
    @Inject(STATUS_ASSETS) private readonly assets: StatusAssets,
    @Inject(OPS_TOKEN) private readonly opsToken: string | undefined,
  ) {}

  @Get('status')
  @Header('Cache-Control', 'no-store')
  status(): Promise<HealthStatus> {
    return this.health.status.execute();
  }

  @Get()
  page(@Query('token') token: unknown, @Req() request: Request, @Res() response: Response): void {
    if (this.opsToken && typeof token === 'string') {
      // The guard accepted the token: keep it in a cookie and drop it from the address bar and history.
      response.cookie(OPS_TOKEN_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: request.secure, path: '/' });
      response.redirect(303, './');
      return;
    }
    response.set(PAGE_HEADERS).type(this.assets.page.contentType).send(this.assets.page.body);
  }

  @Get('assets/:name')
  asset(@Param('name') name: string, @Res() response: Response): void {
    const asset = this.assets.files.get(name);
    if (!asset) throw new NotFoundException(`no asset ${name}`);
    response.set({ 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' }).type(asset.contentType).send(asset.body);
  }
}
