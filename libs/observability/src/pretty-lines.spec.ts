import { prettyLine } from './pretty-lines';

describe('pretty log lines', () => {
  const line = (entry: object) => prettyLine(JSON.stringify({ level: 40, time: Date.UTC(2026, 11, 8, 9, 0, 1, 123), ...entry }), false);

  it('shows time, level, service, context, message and the other fields', () => {
    expect(line({ service: 'billing', context: 'dunning', msg: 'retry failed', subscriptionId: 42 })).toBe(
      '09:00:01.123 WARN  billing         [dunning] retry failed {"subscriptionId":42}\n',
    );
  });

  it("puts an error's stack under the line", () => {
    const text = line({ service: 'notifier', msg: 'send failed', err: { message: 'boom', stack: 'Error: boom\n    at send (mailer.ts:1)' } });
    expect(text).toContain('send failed\n    Error: boom\n        at send (mailer.ts:1)\n');
  });

  it('colours only for a terminal, and passes a line that is not JSON through', () => {
    expect(prettyLine(JSON.stringify({ level: 50, msg: 'x' }), true)).toContain('\u001b[31mERROR');
    expect(prettyLine('not json\n', true)).toBe('not json\n');
  });
});
