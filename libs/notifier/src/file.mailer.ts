import { createHash } from 'node:crypto';
import { appendFile, mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Mustache from 'mustache';
import type { Clock } from '@lifecycle/time';
import { buildEml } from './eml.builder';
import { Mailer, type SendResult } from './mailer.port';
import { TEMPLATE_DIR } from './mail-templates';
import type { OutgoingMail } from './outgoing-mail';

interface IndexLine {
  writtenAt: string;
  emailType: string;
  to: string;
  subject: string;
  dedupKey: string;
  html: string;
  eml: string;
}

const INDEX_DEBOUNCE_MS = 100;

/**
 * Writes `<MAIL_DIR>/<time>-<type>-<dedup hash>.eml` and `.html`, and keeps `index.html` listing them
 * newest first. The `.eml` appears last and atomically, so its presence means the mail was written.
 */
export class FileMailer extends Mailer {
  readonly transport = 'file' as const;
  private indexTemplate: string | null = null;
  private indexTimer: NodeJS.Timeout | null = null;
  private indexing: Promise<void> = Promise.resolve();

  constructor(
    private readonly dir: string,
    private readonly clock: Clock,
  ) {
    super();
  }

  async send(mail: OutgoingMail): Promise<SendResult> {
    const now = this.clock.now();
    const base = `${now.toISOString().replace(/[-:]/g, '').replace('.', '-')}-${mail.emailType}-${dedupHash(mail.dedupKey)}`;
    await mkdir(this.dir, { recursive: true });
    await writeFile(join(this.dir, `${base}.html`), mail.html);
    const tmp = join(this.dir, `.${base}.eml.tmp`);
    await writeFile(tmp, buildEml(mail, now));
    await rename(tmp, join(this.dir, `${base}.eml`));
    const line: IndexLine = {
      writtenAt: now.toISOString(),
      emailType: mail.emailType,
      to: mail.to.email,
      subject: mail.subject,
      dedupKey: mail.dedupKey,
      html: `${base}.html`,
      eml: `${base}.eml`,
    };
    await appendFile(join(this.dir, 'index.jsonl'), `${JSON.stringify(line)}\n`);
    this.scheduleIndex();
    return { status: 'sent', messageId: null };
  }

  async find(dedupKey: string): Promise<{ messageId: string | null } | null> {
    const suffix = `-${dedupHash(dedupKey)}.eml`;
    const names = await readdir(this.dir).catch(() => [] as string[]);
    return names.some((name) => name.endsWith(suffix)) ? { messageId: null } : null;
  }

  override async close(): Promise<void> {
    if (this.indexTimer) {
      clearTimeout(this.indexTimer);
      this.indexTimer = null;
      this.indexing = this.indexing.then(() => this.writeIndex());
    }
    await this.indexing;
  }

  private scheduleIndex(): void {
    this.indexTimer ??= setTimeout(() => {
      this.indexTimer = null;
      this.indexing = this.indexing.then(() => this.writeIndex());
    }, INDEX_DEBOUNCE_MS);
  }

  private async writeIndex(): Promise<void> {
    try {
      this.indexTemplate ??= await readFile(join(TEMPLATE_DIR, 'file-index.html'), 'utf8');
      const lines = (await readFile(join(this.dir, 'index.jsonl'), 'utf8'))
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as IndexLine)
        .sort((a, b) => (a.eml < b.eml ? 1 : -1));
      const html = Mustache.render(this.indexTemplate, { count: lines.length, mails: lines });
      const tmp = join(this.dir, '.index.html.tmp');
      await writeFile(tmp, html);
      await rename(tmp, join(this.dir, 'index.html'));
    } catch {
      // the index is a convenience; the next mail writes it again
    }
  }
}

function dedupHash(dedupKey: string): string {
  return createHash('sha256').update(dedupKey).digest('hex').slice(0, 16);
}
