/** The one way a metric says "undefined here": a HilumError METRIC_UNDEFINED carrying the reason. */
import { HilumError } from '../errors';

export function metricUndefined(metric: string, reason: string, details: Record<string, unknown> = {}): HilumError {
  return new HilumError('METRIC_UNDEFINED', `${metric} is undefined: ${reason}`, { metric, reason, ...details });
}

/** Reason text of a METRIC_UNDEFINED error, or null when the error is anything else (then rethrow). */
export function undefinedReason(error: unknown): string | null {
  if (error instanceof HilumError && error.code === 'METRIC_UNDEFINED') {
    const reason = error.details.reason;
    return typeof reason === 'string' ? reason : error.message;
  }
  return null;
}
