import { JetStreamApiError } from '@nats-io/jetstream';
import { errors } from '@nats-io/transport-node';
import { STREAMS } from '@lifecycle/contracts';
import { electionRetryDelayMs, isLeaderElectionError } from './jetstream.publisher';
import { ELECTION_RETRY_MS } from './messaging.module';
import { DUPLICATE_WINDOW_MS } from './stream-provisioner';

describe('publishing through a leader election', () => {
  it('retries a PubAck timeout, no responders and JetStream 503, and nothing else', () => {
    expect(isLeaderElectionError(new errors.TimeoutError())).toBe(true);
    expect(isLeaderElectionError(new errors.RequestError('no responders', { cause: new errors.NoRespondersError('x') }))).toBe(true);
    expect(isLeaderElectionError(Object.assign(new Error('jetstream is not enabled'), { name: 'JetStreamNotEnabled' }))).toBe(true);
    expect(isLeaderElectionError(new JetStreamApiError({ code: 503, err_code: 10008, description: 'JetStream system temporarily unavailable' }))).toBe(true);
    expect(isLeaderElectionError(new JetStreamApiError({ code: 400, err_code: 10060, description: 'expected stream does not match' }))).toBe(false);
    expect(isLeaderElectionError(new errors.RequestError('permissions', { cause: new Error('denied') }))).toBe(false);
    expect(isLeaderElectionError(new errors.ClosedConnectionError())).toBe(false);
    expect(isLeaderElectionError(new Error('boom'))).toBe(false);
  });

  it('backs off from 100 ms to at most 1 s', () => {
    expect([0, 1, 2, 3, 4, 10].map(electionRetryDelayMs)).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it('retries for less than every stream\'s duplicate window, so a retried publish that was stored is dropped', () => {
    const shortestWindow = Math.min(...STREAMS.map((s) => Math.min(DUPLICATE_WINDOW_MS, s.maxAgeMs)));
    expect(ELECTION_RETRY_MS).toBeLessThan(shortestWindow);
  });
});
