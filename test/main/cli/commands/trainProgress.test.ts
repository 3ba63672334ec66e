// Non-TTY training progress (logs, CI, a pipe): at most one step line per 5 s of (fake) clock, and every epoch line.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { progressPrinter } from '../../../../src-main/cli/commands/train';

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('progressPrinter', () => {
  it('prints one step line per 5 s and every epoch when stderr is not a TTY; nothing with --json', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
    const lines: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const wasTty = process.stderr.isTTY;
    Object.defineProperty(process.stderr, 'isTTY', { value: false, configurable: true });
    try {
      const print = progressPrinter(false);
      const quiet = progressPrinter(true);
      // Two epochs of 60 steps, one step every 100 ms: 12 s of steps.
      for (let epoch = 1; epoch <= 2; epoch++) {
        for (let step = 1; step <= 60; step++) {
          const p = { message: `epoch ${epoch} step ${step}`, data: { type: 'step' } };
          print(p);
          quiet(p);
          vi.advanceTimersByTime(100);
        }
        print({ message: `epoch ${epoch} done`, data: { type: 'epoch' } });
      }
    } finally {
      Object.defineProperty(process.stderr, 'isTTY', { value: wasTty, configurable: true });
    }
    expect(lines.filter((l) => l.includes('step'))).toEqual(['epoch 1 step 1\n', 'epoch 1 step 51\n', 'epoch 2 step 41\n']);
    expect(lines.filter((l) => l.includes('done'))).toEqual(['epoch 1 done\n', 'epoch 2 done\n']);
  });
});
