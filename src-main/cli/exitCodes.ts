/** The CLI's exit codes: part of its contract with CI systems that call `hilum gate`. */
import type { ErrorCode } from '../../src-core/errors';

export const exitCodes = { ok: 0, failure: 1, usage: 2, gateFailed: 3 } as const;

export function exitCodeFor(code: ErrorCode): number {
  if (code === 'INVALID_ARGUMENT' || code === 'CONFIG_INVALID') return exitCodes.usage;
  if (code === 'GATE_FAILED') return exitCodes.gateFailed;
  return exitCodes.failure;
}
