/** Schemas shared by several channel areas (ids, curves, job handles, serialised errors). */
import { s } from '../../validate';

export const id = s.string({ minLength: 1, maxLength: 200 });
export const empty = s.object({});
export const jobHandle = s.object({ jobId: id });
/** An x/y curve (ROC, PR, reliability, coverage–risk): parallel arrays of equal length. */
export const curve = s.object({ x: s.array(s.number()), y: s.array(s.number()) });
export const confidenceInterval = s.object({ estimate: s.nullable(s.number()), low: s.nullable(s.number()), high: s.nullable(s.number()) });
export const serializedErrorSchema = s.object({ name: s.string(), code: s.string(), message: s.string(), details: s.record(s.unknown()) });
