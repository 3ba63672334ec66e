/** A renderer → main channel: its request and response schemas (types are inferred from them). */
import type { Schema } from '../../validate';

export interface ChannelDefinition<Req, Res> {
  readonly request: Schema<Req>;
  readonly response: Schema<Res>;
  /** Roles allowed to call it; empty means any signed-in or anonymous caller (read-only system info). */
  readonly summary: string;
}

export function defineChannel<Req, Res>(summary: string, request: Schema<Req>, response: Schema<Res>): ChannelDefinition<Req, Res> {
  return { summary, request, response };
}
