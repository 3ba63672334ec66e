/** A worker job type: its parameter and result schemas (types are inferred from them). */
import type { Schema } from '../../validate';

export interface JobDefinition<Params, Result> {
  readonly summary: string;
  readonly params: Schema<Params>;
  readonly result: Schema<Result>;
}

export function defineJob<Params, Result>(summary: string, params: Schema<Params>, result: Schema<Result>): JobDefinition<Params, Result> {
  return { summary, params, result };
}
