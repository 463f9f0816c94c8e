/** Human-readable log lines for a terminal (`npm start`, `lifecyclectl start`); JSON stays the format elsewhere. */

const LEVELS: Record<number, { name: string; color: string }> = {
  10: { name: 'TRACE', color: '90' },
  20: { name: 'DEBUG', color: '36' },
  30: { name: 'INFO ', color: '32' },
  40: { name: 'WARN ', color: '33' },
  50: { name: 'ERROR', color: '31' },
  60: { name: 'FATAL', color: '35' },
};

const OMITTED = new Set(['level', 'time', 'service', 'msg', 'context', 'err', 'pid', 'hostname']);

/** `09:00:01.123 INFO  billing  [context] message {extra}` and an error's stack below it. */
export function prettyLine(json: string, color: boolean): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const paint = (code: string, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const level = LEVELS[Number(entry.level)] ?? { name: String(entry.level).padEnd(5), color: '0' };
  const time = typeof entry.time === 'number' ? new Date(entry.time).toISOString().slice(11, 23) : '';
  const extra = Object.fromEntries(Object.entries(entry).filter(([key]) => !OMITTED.has(key)));
  const parts = [
    paint('90', time),
    paint(level.color, level.name),
    paint('1', String(entry.service ?? '-').padEnd(15)),
    entry.context ? paint('90', `[${String(entry.context)}]`) : '',
    String(entry.msg ?? ''),
    Object.keys(extra).length ? paint('90', JSON.stringify(extra)) : '',
  ];
  const err = entry.err as { stack?: string; message?: string } | undefined;
  const stack = err ? `\n    ${(err.stack ?? err.message ?? '').split('\n').join('\n    ')}` : '';
  return `${parts.filter(Boolean).join(' ')}${stack}\n`;
}
