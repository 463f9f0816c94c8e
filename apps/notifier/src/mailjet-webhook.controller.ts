import {
  BadRequestException,
  Controller,
  Headers,
  HttpCode,
  Inject,
  Post,
  Req,
  Res,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import {
  MalformedWebhookError,
  WebhookNotConfiguredError,
  WebhookUnauthorizedError,
  type Notifier,
  type WebhookSummary,
} from '@lifecycle/notifier';
import { NOTIFIER } from './notifier.tokens';

/** Mailjet's Event API (basic auth); Mailjet retries anything but a 200, so a processed payload always gets one. */
@Controller('webhooks')
export class MailjetWebhookController {
  constructor(@Inject(NOTIFIER) private readonly notifier: Notifier) {}

  @Post('mailjet')
  @HttpCode(200)
  async receive(
    @Req() req: Request & { rawBody?: Buffer },
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<WebhookSummary> {
    try {
      // The raw body, when the app keeps it (NestFactory rawBody), keeps MessageIDs beyond 2^53 exact.
      return await this.notifier.webhook.receive({ authorization, body: req.rawBody ?? req.body });
    } catch (error) {
      if (error instanceof WebhookNotConfiguredError) throw new ServiceUnavailableException(error.message);
      if (error instanceof WebhookUnauthorizedError) {
        res.setHeader('WWW-Authenticate', 'Basic realm="mailjet-webhook", charset="UTF-8"');
        throw new UnauthorizedException(error.message);
      }
      if (error instanceof MalformedWebhookError) throw new BadRequestException(error.message);
      throw error;
    }
  }
}
