import { parseEnvelope } from '@lifecycle/contracts';
import { redactLogLine, unitFailedAlert } from './unit-alert';

describe('unitFailedAlert', () => {
  it('is a critical health.alert.raised for unit:<name>, with its journal lines, valid by the contract', () => {
    const alert = unitFailedAlert({
      unit: 'lifecycle-billing.service',
      at: new Date('2026-12-01T09:00:00.250Z'),
      message: 'restarted 5 times',
      journal: ['2026-12-01T08:59:59+0000 host node[1]: billing failed to start: connect ECONNREFUSED'],
    });
    expect(parseEnvelope('health.alert.raised', alert)).toMatchObject({ ok: true });
    expect(alert).toMatchObject({
      id: 'health.alert.raised:unit.failed:unit:lifecycle-billing.service:2026-12-01T09:00:00.250Z',
      source: 'lifecyclectl',
      data: { code: 'unit.failed', severity: 'critical', resource: 'unit:lifecycle-billing.service', firstSeenAt: '2026-12-01T09:00:00.250Z' },
    });
    expect(alert.data.message).toBe(
      'systemd unit lifecycle-billing.service failed: restarted 5 times\n\nLast log lines (journalctl -u lifecycle-billing.service):\n' +
        '2026-12-01T08:59:59+0000 host node[1]: billing failed to start: connect ECONNREFUSED',
    );
  });

  it.each(['', 'bad name', 'x'.repeat(181), 'unit;rm -rf /'])('refuses the unit name %p', (unit) => {
    expect(() => unitFailedAlert({ unit, at: new Date() })).toThrow('is not a systemd unit name');
  });
});

describe('redactLogLine', () => {
  it.each([
    ['connect postgres://app:s3cret@db/lifecycle failed', 'connect postgres://app:***@db/lifecycle failed'],
    ['NATS_PASS=hunter2 NATS_USER=x', 'NATS_PASS=*** NATS_USER=x'],
    ['{"password":"p4ss","user":"u"}', '{"password":"***","user":"u"}'],
    ['Authorization: Bearer abc.def', 'Authorization: Bearer ***'],
    ['MAILJET_API_SECRET=xyz', 'MAILJET_API_SECRET=***'],
    ['nothing secret here', 'nothing secret here'],
  ])('%s', (line, redacted) => expect(redactLogLine(line)).toBe(redacted));
});
