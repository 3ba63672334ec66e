/**
 * Errors as sentences: the error code's meaning (from the one code table in src-core) as the headline,
 * the service's message as the detail. The code itself stays available to tests and support, not as the text.
 */
import { errorCodes, isErrorCode } from '../../src-core/errors/errorCodes';

export interface ShownError {
  code: string;
  message: string;
}

export function toShownError(error: unknown): ShownError {
  if (typeof error === 'object' && error !== null && 'code' in error && 'message' in error) {
    return { code: String((error as { code: unknown }).code), message: String((error as { message: unknown }).message) };
  }
  return { code: 'BUG', message: error instanceof Error ? error.message : String(error) };
}

/** The headline for an error: what went wrong, in words. */
export function errorHeadline(error: ShownError): string {
  return isErrorCode(error.code) ? errorCodes[error.code] : 'Something went wrong';
}

/** The detail, as a sentence that starts with a capital and ends with a full stop. */
export function errorSentence(error: ShownError): string {
  const text = error.message.trim();
  if (!text) return '';
  const capital = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
