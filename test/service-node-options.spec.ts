import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICE_NODE_OPTIONS } from '@lifecycle/config';

const ROOT = join(__dirname, '..');

describe('the npm start:<app> scripts', () => {
  const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

  it.each(['clock', 'billing', 'notifier', 'workspace-guard', 'health'])('start:%s runs the service with the service heap bounds', (app) => {
    expect(scripts[`start:${app}`]).toBe(`NODE_OPTIONS='${SERVICE_NODE_OPTIONS}' node dist/apps/${app}/src/main.js`);
  });
});
