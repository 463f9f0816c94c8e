import { Catch, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { BaseRpcExceptionFilter } from '@nestjs/microservices';
import { throwError, type Observable } from 'rxjs';
import { JetStreamContext } from './jetstream.context';

/**
 * Nest's default RPC filter turns every unknown handler error into `{ status: 'error', message:
 * 'Internal server error' }`; for JetStream deliveries this filter hands the original error to the
 * transport instead, so dead letters keep its text and PermanentError skips retries. Other contexts
 * (HTTP in a hybrid app, other transports) get Nest's default behaviour.
 */
@Catch()
export class JetStreamExceptionFilter extends BaseExceptionFilter {
  private readonly rpcFallback = new BaseRpcExceptionFilter();

  override catch(exception: unknown, host: ArgumentsHost): Observable<unknown> | void {
    if (host.getType() === 'rpc') {
      if (host.switchToRpc().getContext() instanceof JetStreamContext) return throwError(() => exception);
      return this.rpcFallback.catch(exception, host);
    }
    return super.catch(exception, host);
  }
}
