/** Job channels: progress events of long jobs (import, training, evaluation), polled by id, and cancellation. */
import { s } from '../../validate';
import { defineChannel } from './defineChannel';
import { id, serializedErrorSchema } from './common';

export const jobEvent = s.object({
  seq: s.number({ integer: true, min: 0 }),
  fraction: s.optional(s.number()),
  message: s.optional(s.string()),
  data: s.optional(s.record(s.unknown())),
});

export const jobsChannels = {
  'jobs.events': defineChannel(
    'Progress events of a job after a sequence number, and its status',
    s.object({ jobId: id, after: s.number({ integer: true, min: -1 }) }),
    s.object({
      jobId: id,
      job: s.string(),
      status: s.enumOf(['running', 'succeeded', 'failed', 'cancelled'] as const),
      events: s.array(jobEvent),
      error: s.nullable(serializedErrorSchema),
    }),
  ),
  'jobs.cancel': defineChannel('Asks a running job to stop', s.object({ jobId: id }), s.object({ cancelRequested: s.boolean() })),
} as const;
