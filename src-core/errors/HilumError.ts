/** The one error type Hilum throws for expected failures: a stable code, a message for people, details for tools. */
import { type ErrorCode, isErrorCode } from './errorCodes';

export type ErrorDetails = Record<string, unknown>;

export class HilumError extends Error {
  override readonly name = 'HilumError';
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.details = details;
  }
}

/** A broken invariant: a defect, never an expected condition. */
export function bug(message: string, details: ErrorDetails = {}): HilumError {
  return new HilumError('BUG', `Internal error: ${message}`, details);
}

/** How an error travels across a process boundary: plain data, never a class instance. */
export interface SerializedError {
  name: string;
  code: ErrorCode;
  message: string;
  details: ErrorDetails;
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof HilumError) {
    return { name: error.name, code: error.code, message: error.message, details: toPlain(error.details) };
  }
  if (error instanceof Error) {
    return { name: error.name, code: 'BUG', message: error.message, details: { stack: error.stack ?? '' } };
  }
  return { name: 'Error', code: 'BUG', message: String(error), details: {} };
}

export function deserializeError(data: SerializedError): HilumError {
  const code = isErrorCode(data.code) ? data.code : 'BUG';
  return new HilumError(code, data.message, data.details ?? {});
}

export function isSerializedError(value: unknown): value is SerializedError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.message === 'string' && isErrorCode(v.code);
}

/** Details must survive structured clone and JSON: drop functions, turn typed arrays into lengths. */
function toPlain(details: ErrorDetails): ErrorDetails {
  try {
    return JSON.parse(JSON.stringify(details)) as ErrorDetails;
  } catch {
    return { note: 'details were not serialisable' };
  }
}
