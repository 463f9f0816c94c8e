import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { InfraCommandError } from './local-infra.errors';

export interface SystemUser {
  name: string;
  uid: number;
  gid: number;
}

/** A user from /etc/passwd, or null. */
export function systemUser(name: string): SystemUser | null {
  let passwd: string;
  try {
    passwd = readFileSync('/etc/passwd', 'utf8');
  } catch {
    return null;
  }
  for (const line of passwd.split('\n')) {
    const [user, , uid, gid] = line.split(':');
    if (user === name && uid !== undefined && gid !== undefined) return { name, uid: Number(uid), gid: Number(gid) };
  }
  return null;
}

export interface RunOptions {
  /** Run as this user (the caller must be root). */
  as?: SystemUser | null;
  env?: Record<string, string>;
  cwd?: string;
  timeoutMs?: number;
}

/** Runs a program to its end; rejects with its output when it exits non-zero. */
export function runCommand(file: string, args: readonly string[], options: RunOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C', LC_ALL: 'C', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.as ? { uid: options.as.uid, gid: options.as.gid } : {}),
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = options.timeoutMs
      ? setTimeout(() => {
          output += `\n(killed after ${options.timeoutMs} ms)`;
          child.kill('SIGKILL');
        }, options.timeoutMs)
      : undefined;
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new InfraCommandError(`${file} ${args.join(' ')}`, null, error.message));
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new InfraCommandError(`${file} ${args.join(' ')}`, code, output));
    });
  });
}
