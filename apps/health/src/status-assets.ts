import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface StatusAsset {
  contentType: string;
  body: Buffer;
}

export interface StatusAssets {
  page: StatusAsset;
  /** The sign-in form shown instead of the page when OPS_TOKEN is set and not presented; `<!--message-->` marks where a message goes. */
  signIn: StatusAsset;
  /** Served under /assets/<name>. */
  files: ReadonlyMap<string, StatusAsset>;
}

const PAGE_DIR = join(__dirname, 'status-page');

// The chart library is served from node_modules by the app itself: the page works without the internet.
const FILES: Record<string, { path: () => string; contentType: string }> = {
  'status-page.js': { path: () => join(PAGE_DIR, 'status-page.js'), contentType: 'text/javascript; charset=utf-8' },
  'status-page.css': { path: () => join(PAGE_DIR, 'status-page.css'), contentType: 'text/css; charset=utf-8' },
  'uPlot.iife.min.js': { path: () => require.resolve('uplot/dist/uPlot.iife.min.js'), contentType: 'text/javascript; charset=utf-8' },
  'uPlot.min.css': { path: () => require.resolve('uplot/dist/uPlot.min.css'), contentType: 'text/css; charset=utf-8' },
};

/** Reads the page and its assets once; a missing file stops the boot with its name. */
export function loadStatusAssets(): StatusAssets {
  const read = (path: string, contentType: string): StatusAsset => {
    try {
      return { contentType, body: readFileSync(path) };
    } catch (error) {
      throw new Error(`status page asset ${path} cannot be read (${(error as Error).message}): run \`npm run build\` and \`npm ci\``);
    }
  };
  return {
    page: read(join(PAGE_DIR, 'index.html'), 'text/html; charset=utf-8'),
    signIn: read(join(PAGE_DIR, 'sign-in.html'), 'text/html; charset=utf-8'),
    files: new Map(Object.entries(FILES).map(([name, file]) => [name, read(file.path(), file.contentType)])),
  };
}
