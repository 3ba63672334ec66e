/**
 * Every renderer → main channel, declared once. The preload bridge, the main-side handler table
 * and the renderer client are all derived from this object (see ../bridge.ts), so a channel that
 * is added here without a handler is a compile error in main.
 */
import { auditChannels } from './audit';
import { datasetsChannels } from './datasets';
import { fairnessChannels } from './fairness';
import { imagesChannels } from './images';
import { jobsChannels } from './jobs';
import { lineageChannels } from './lineage';
import { modelsChannels } from './models';
import { oodChannels } from './ood';
import { runsChannels } from './runs';
import { sessionChannels } from './session';
import { systemChannels } from './system';
import { validationChannels } from './validation';
import { worklistChannels } from './worklist';

export const channels = {
  ...systemChannels,
  ...jobsChannels,
  ...datasetsChannels,
  ...runsChannels,
  ...validationChannels,
  ...fairnessChannels,
  ...oodChannels,
  ...worklistChannels,
  ...imagesChannels,
  ...modelsChannels,
  ...lineageChannels,
  ...auditChannels,
  ...sessionChannels,
} as const;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export const channelNames = Object.keys(channels) as ChannelName[];
export { defineChannel } from './defineChannel';
export type { ChannelDefinition } from './defineChannel';
