import { BadGatewayException, BadRequestException, Body, Controller, Header, HttpCode, Inject, Post, Req, ServiceUnavailableException } from '@nestjs/common';
import {
  InvalidPaytrHashError,
  MalformedPaytrCallbackError,
  PaytrCallbackNotConfiguredError,
  PaytrForwardFailedError,
  type Dunning,
} from '@lifecycle/billing';
import { DUNNING } from './billing.tokens';

/** PayTR's payment notification (form-encoded, authenticated by its hash); PayTR repeats it until it reads `OK`. */
@Controller('webhooks')
export class PaytrWebhookController {
  constructor(@Inject(DUNNING) private readonly dunning: Dunning) {}

  @Post('paytr')
  @HttpCode(200)
  @Header('content-type', 'text/plain; charset=utf-8')
  async receive(@Body() body: Record<string, unknown> | undefined, @Req() req: { rawBody?: Buffer }): Promise<string> {
    try {
      // The raw form is what a notification that is not billing's is forwarded as, unchanged.
      await this.dunning.paytrCallback.receive(body ?? {}, req.rawBody?.toString('utf8'));
      return 'OK';
    } catch (error) {
      if (error instanceof PaytrForwardFailedError) throw error.configured ? new BadGatewayException(error.message) : new ServiceUnavailableException(error.message);
      if (error instanceof PaytrCallbackNotConfiguredError) throw new ServiceUnavailableException(error.message);
      if (error instanceof InvalidPaytrHashError || error instanceof MalformedPaytrCallbackError) throw new BadRequestException(error.message);
      throw error;
    }
  }
}
