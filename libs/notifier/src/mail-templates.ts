import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import mjml2html from 'mjml';
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
    for (const type of EMAIL_TYPES) {
      const header = await loadHeader(dir, type).catch((error: unknown) => {
        problems.push(String(error instanceof Error ? error.message : error));
        return null;
      });
      for (const locale of LOCALES) {
        try {
          const html = await compileMjml(dir, `${type}.${locale}.mjml`);
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

async function compileMjml(dir: string, file: string): Promise<string> {
  const filePath = join(dir, file);
  const result = await mjml2html(await readFile(filePath, 'utf8'), {
    validationLevel: 'strict',
    filePath,
    includePath: dir,
    ignoreIncludes: false,
    // no web-font <link>: mail clients would fetch it from Google
    fonts: {},
    keepComments: false,
  });
  if (result.errors.length > 0) throw new Error(result.errors.map((e) => e.formattedMessage).join('; '));
  return result.html;
}
