/** Runs one `hilum` subcommand in-process (its `register` on a bare program) and captures stdout and the exit code. */
import { Command } from 'commander';
import { vi } from 'vitest';

export async function runCommandInProcess(
  register: (program: Command) => void,
  args: string[],
): Promise<{ stdout: string; exitCode: number | undefined }> {
  const program = new Command('hilum').option('--json').option('--data-dir <dir>').exitOverride();
  register(program);
  let stdout = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
    stdout += String(chunk);
    return true;
  });
  const before = process.exitCode;
  try {
    await program.parseAsync(['node', 'hilum', ...args]);
    return { stdout, exitCode: typeof process.exitCode === 'number' ? process.exitCode : undefined };
  } finally {
    spy.mockRestore();
    process.exitCode = before;
  }
}
