import 'reflect-metadata';
import { ExecutionContextHost } from '@nestjs/core/internal';
import type { JsMsg } from '@nats-io/jetstream';
import { lastValueFrom, type Observable } from 'rxjs';
import { JetStreamContext } from './jetstream.context';
import { JetStreamExceptionFilter } from './jetstream-exception.filter';
import { PermanentError } from './permanent.error';

function rpcHost(context: unknown): ExecutionContextHost {
  const host = new ExecutionContextHost([{}, context]);
  host.setType('rpc');
  return host;
}

describe('JetStreamExceptionFilter', () => {
  const filter = new JetStreamExceptionFilter();

  it('hands a JetStream delivery the original error', async () => {
    const error = new PermanentError('company 12 does not exist');
    const result = filter.catch(error, rpcHost(new JetStreamContext(['trial.expired', {} as JsMsg, 'c'])));
    await expect(lastValueFrom(result as Observable<unknown>)).rejects.toBe(error);
  });

  it("leaves other transports Nest's default answer", async () => {
    const result = filter.catch(new Error('secret detail'), rpcHost({}));
    await expect(lastValueFrom(result as Observable<unknown>)).rejects.toEqual({ status: 'error', message: 'Internal server error' });
  });
});
