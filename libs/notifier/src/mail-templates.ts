import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Mustache from 'mustache';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { LOCALES, type Locale } from '@lifecycle/contracts';
import { EMAIL_TYPES, type EmailType } from './email-types';
import { TemplateError } from './mail.errors';

/** Next to the compiled code too: `npm run build` copies non-TS files into dist (swc --copy-files). */
export const TEMPLATE_DIR = join(__dirname, '..', 'templates');

const byLocale = z.object({ en: z.string().min(1), tr: z.string().min(1) });
const headerSchema = z.object({ subject: byLocale, preheader: byLocale });

interface CompiledTemplate {
  subject: string;
  preheader: string;
  /** MJML compiled to HTML, still holding its mustache tags. */
  html: string;
  text: string;
}

export interface RenderedParts {
  subject: string;
  html: string;
  text: string;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (value: unknown) => String(value).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
const verbatim = (value: unknown) => String(value);

/**
 * Every mail type in every locale, compiled once at start-up (MJML → HTML with mustache tags) and
 * rendered per message with mustache over a view model (mail-plan.ts).
 */
export class MailTemplates {
  private constructor(private readonly templates: ReadonlyMap<string, CompiledTemplate>) {}

  /** Throws TemplateError naming every missing or invalid file. */
  static async load(dir: string = TEMPLATE_DIR): Promise<MailTemplates> {
    const templates = new Map<string, CompiledTemplate>();
    const problems: string[] = [];
    const compiled = await compileMjml(
      dir,
      EMAIL_TYPES.flatMap((type) => LOCALES.map((locale) => `${type}.${locale}.mjml`)),
    );
    for (const type of EMAIL_TYPES) {
      const header = await loadHeader(dir, type).catch((error: unknown) => {
        problems.push(String(error instanceof Error ? error.message : error));
        return null;
      });
      for (const locale of LOCALES) {
        try {
          const result = compiled.get(`${type}.${locale}.mjml`);
          if (!result || 'error' in result) throw new Error(result?.error ?? 'not compiled');
          const html = result.html;
          const text = await readFile(join(dir, `${type}.${locale}.txt`), 'utf8');
          if (!header) continue;
          const template = { subject: header.subject[locale], preheader: header.preheader[locale], html, text };
          for (const part of Object.values(template)) Mustache.parse(part);
          templates.set(key(type, locale), template);
        } catch (error) {
          problems.push(`${type}.${locale}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }
    if (problems.length > 0) throw new TemplateError(`mail templates in ${dir} are not usable:\n  ${problems.join('\n  ')}`);
    return new MailTemplates(templates);
  }

  render(type: EmailType, locale: Locale, view: Record<string, unknown>): RenderedParts {
    const template = this.templates.get(key(type, locale));
    if (!template) throw new TemplateError(`no template ${type}.${locale}`);
    const line = (text: string) => Mustache.render(text, view, {}, { escape: verbatim }).replace(/\s+/g, ' ').trim();
    const subject = line(template.subject);
    const preheader = line(template.preheader);
    return {
      subject,
      html: Mustache.render(template.html, { ...view, subject, preheader }, {}, { escape: escapeHtml }),
      text: Mustache.render(template.text, view, {}, { escape: verbatim }),
    };
  }
}

function key(type: EmailType, locale: Locale): string {
  return `${type}.${locale}`;
}

async function loadHeader(dir: string, type: EmailType): Promise<z.infer<typeof headerSchema>> {
  const file = `${type}.yaml`;
  const parsed = headerSchema.safeParse(parseYaml(await readFile(join(dir, file), 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  return parsed.data;
}

type Compiled = { html: string } | { error: string };

/**
 * MJML → HTML in a short-lived child process: mjml and its dependencies (html-minifier, juice,
 * cheerio, js-beautify…) take about 95 MB of resident memory once loaded, which the notifier would
 * otherwise keep for its lifetime although it compiles only at start-up (docs/notifier.md, "Memory").
 */
async function compileMjml(dir: string, files: string[]): Promise<Map<string, Compiled>> {
  const jobs: { file: string; source: string; options: Record<string, unknown> }[] = [];
  const compiled = new Map<string, Compiled>();
  for (const file of files) {
    const filePath = join(dir, file);
    try {
      const source = await readFile(filePath, 'utf8');
      jobs.push({
        file,
        source,
        options: {
          validationLevel: 'strict',
          filePath,
          includePath: dir,
          ignoreIncludes: false,
          // no web-font <link>: mail clients would fetch it from Google
          fonts: {},
          keepComments: false,
        },
      });
    } catch (error) {
      compiled.set(file, { error: error instanceof Error ? error.message : String(error) });
    }
  }
  if (jobs.length === 0) return compiled;
  const output = await runChild(COMPILER, [require.resolve('mjml')], JSON.stringify(jobs));
  for (const [file, result] of Object.entries(JSON.parse(output) as Record<string, Compiled>)) compiled.set(file, result);
  return compiled;
}

// Plain JavaScript run by `node -e`: reads the jobs as JSON on stdin, writes { file: { html } | { error } }.
const COMPILER = `
const mjml2html = require(process.argv[1]);
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c)).on('end', async () => {
  const out = {};
  for (const job of JSON.parse(Buffer.concat(chunks).toString('utf8'))) {
    try {
      const result = await mjml2html(job.source, job.options);
      out[job.file] = result.errors.length > 0 ? { error: result.errors.map((e) => e.formattedMessage).join('; ') } : { html: result.html };
    } catch (error) {
      out[job.file] = { error: String(error && error.message ? error.message : error) };
    }
  }
  process.stdout.write(JSON.stringify(out));
});
`;

function runChild(script: string, args: string[], input: string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    // the service's own flags (--cpu-prof, --inspect…) are not passed on: the child is not the service
    const child = spawn(process.execPath, ['-e', script, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else reject(new TemplateError(`the MJML compiler exited with ${code}: ${Buffer.concat(err).toString('utf8').trim().slice(0, 2_000)}`));
    });
    child.stdin.end(input);
  });
}
