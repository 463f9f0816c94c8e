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
