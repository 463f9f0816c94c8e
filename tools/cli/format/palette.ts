import { loadEnv } from '@lifecycle/config';
import { z } from 'zod';
import { terminalEnv } from './terminal.env';

const CODES = { red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, dim: 2, bold: 1 } as const;
export type Colour = keyof typeof CODES;

/** ANSI colours, or none: only when the output is a terminal and NO_COLOR is unset (no-color.org). */
export class Palette {
  constructor(readonly enabled: boolean) {}

  static for(stream: { isTTY?: boolean }): Palette {
    const env = loadEnv('lifecyclectl', z.object(terminalEnv));
    return new Palette(stream.isTTY === true && env.NO_COLOR === undefined);
  }

  paint(colour: Colour | undefined, text: string): string {
    return this.enabled && colour && text ? `\u001b[${CODES[colour]}m${text}\u001b[0m` : text;
  }
}

const ANSI = /\u001b\[[0-9;]*m/g;

/** The width a terminal shows, colour codes excluded. */
export function visibleLength(text: string): number {
  return [...text.replace(ANSI, '')].length;
}
