/**
 * Password entry for the CLI: `--password-stdin` reads one password per line from stdin (in the
 * order the command documents); otherwise an interactive prompt on a TTY with echo off. Never from
 * an argument (it would land in shell history and process lists).
 */
import { HilumError } from '../../src-core/errors';

async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function promptHidden(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    let value = '';
    const onData = (buf: Buffer) => {
      for (const ch of buf.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return finish(null);
        if (ch === '\u0003') return finish(new HilumError('CANCELLED', 'password entry cancelled', {}));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    const finish = (error: HilumError | null) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    stdin.on('data', onData);
  });
}

export async function readPasswords(prompts: string[], fromStdin: boolean): Promise<string[]> {
  if (fromStdin) {
    const lines = (await readAllStdin()).split(/\r?\n/);
    if (lines.length < prompts.length || lines.slice(0, prompts.length).some((l) => l.length === 0)) {
      throw new HilumError(
        'INVALID_ARGUMENT',
        `--password-stdin expects ${prompts.length} line(s) on stdin: ${prompts.join(', then ')}`,
        {},
      );
    }
    return lines.slice(0, prompts.length);
  }
  if (!process.stdin.isTTY)
    throw new HilumError('INVALID_ARGUMENT', 'no terminal to prompt for a password: pipe it with --password-stdin', {});
  const out: string[] = [];
  for (const p of prompts) out.push(await promptHidden(`${p}: `));
  return out;
}
