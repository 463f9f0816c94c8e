import type { z } from 'zod';
import { ENV_SCHEMAS } from './env-schemas';
import { defaultOf } from './env-table';

type Fields = [string, z.ZodType][];

function section(title: string, fields: Fields, defaults: (name: string, field: z.ZodType) => string): string[] {
  if (fields.length === 0) return [];
  const lines = [`# --- ${title} ---`];
  for (const [name, field] of fields) {
    lines.push(`# ${field.description ?? ''}`, `# ${name}=${defaults(name, field)}`);
  }
  return [...lines, ''];
}

const plain = (value: string) => (value === '—' || value === 'empty' ? '' : value.replace(/`/g, ''));

/** `.env.example`: every variable any program reads, commented out at its default (docker compose reads `.env`). */
export function buildEnvExample(schemas: Record<string, z.ZodObject> = ENV_SCHEMAS): string {
  const services = Object.keys(schemas).filter((p) => p !== 'lifecyclectl');
  const shapes = Object.fromEntries(Object.entries(schemas).map(([p, s]) => [p, s.shape as Record<string, z.ZodType>]));
  const shared = Object.keys(shapes[services[0]]).filter((name) => services.every((p) => name in shapes[p]));
  const perService = (name: string) => services.map((p) => `${p} ${plain(defaultOf(shapes[p][name]))}`).join(', ');
  const lines = [
    '# Configuration of the subscription-lifecycle services (generated from the env schemas by `npm run docs`).',
    '# Copy to .env and uncomment what you change; an unset variable takes the default shown.',
    '',
    ...section(
      'every service',
      shared.map((name) => [name, shapes[services[0]][name]]),
      (name) => {
        const values = new Set(services.map((p) => defaultOf(shapes[p][name])));
        return values.size === 1 ? plain([...values][0]) : `   (defaults: ${perService(name)})`;
      },
    ),
  ];
  for (const [program, shape] of Object.entries(shapes)) {
    const own = Object.entries(shape).filter(([name]) => !shared.includes(name) && !(program === 'lifecyclectl' && name in shapes[services[0]]));
    lines.push(...section(program, own, (_name, field) => plain(defaultOf(field))));
  }
  return lines.join('\n');
}
