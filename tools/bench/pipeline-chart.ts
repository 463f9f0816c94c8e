export interface Bar {
  label: string;
  perSecond: number;
  baseline?: boolean;
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** A horizontal bar chart of throughput per stage (baselines in grey), as a standalone SVG. */
export function throughputSvg(title: string, bars: Bar[]): string {
  const width = 760;
  const left = 230;
  const row = 34;
  const top = 50;
  const max = Math.max(1, ...bars.map((b) => b.perSecond));
  const scale = (width - left - 110) / max;
  const rows = bars.map((b, i) => {
    const y = top + i * row;
    const w = Math.max(1, b.perSecond * scale);
    const fill = b.baseline ? '#9e9e9e' : '#2f6fbf';
    return [
      `<text x="${left - 8}" y="${y + 17}" text-anchor="end">${escape(b.label)}</text>`,
      `<rect x="${left}" y="${y + 4}" width="${w.toFixed(1)}" height="${row - 10}" fill="${fill}"/>`,
      `<text x="${(left + w + 6).toFixed(1)}" y="${y + 17}">${Math.round(b.perSecond).toLocaleString('en-US')}/s</text>`,
    ].join('');
  });
  const height = top + bars.length * row + 20;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="13">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="12" y="26" font-size="15" font-weight="bold">${escape(title)}</text>`,
    ...rows,
    `</svg>`,
    '',
  ].join('\n');
}

/** The figures a pipeline bench result (performance-<N>.json) charts. */
export interface StageFigures {
  subscriptions: number;
  sweeps: { sweep: string; rowsPerSecond: number }[];
  relay: { perSecond: number };
  mails: { perSecond: number };
  workspaces: { perSecond: number };
  peaks: { relayPerSecond: number; mailsPerSecond: number; stopsPerSecond: number };
  relayDrain: { perSecond: number };
  relaysDrain: { relays: number; perSecond: number };
  baselines: { jetstreamPublish: { perSecond: number }; postgresInsert: { perSecond: number } };
}

/** The bench's chart: each stage's day average and best 5 s, the relays' capacity, the baselines. */
export function stageChart(r: StageFigures): string {
  return throughputSvg(`Throughput per stage, ${r.subscriptions.toLocaleString('en-US')} subscriptions, one simulated day (2 cores)`, [
    ...r.sweeps.map((s) => ({ label: `sweep ${s.sweep} rows/s`, perSecond: s.rowsPerSecond })),
    { label: 'outbox relay events/s', perSecond: r.relay.perSecond },
    { label: 'mails/s into Mailjet', perSecond: r.mails.perSecond },
    { label: 'workspace stops/s', perSecond: r.workspaces.perSecond },
    { label: 'relay, best 5 s', perSecond: r.peaks.relayPerSecond },
    { label: 'mails, best 5 s', perSecond: r.peaks.mailsPerSecond },
    { label: 'workspace stops, best 5 s', perSecond: r.peaks.stopsPerSecond },
    { label: 'outbox relay alone (backlog)', perSecond: r.relayDrain.perSecond },
    { label: `outbox relays ×${r.relaysDrain.relays} (backlog)`, perSecond: r.relaysDrain.perSecond },
    { label: 'raw JetStream publish/s', perSecond: r.baselines.jetstreamPublish.perSecond, baseline: true },
    { label: 'raw PostgreSQL insert rows/s', perSecond: r.baselines.postgresInsert.perSecond, baseline: true },
  ]);
}
