/**
 * Every renderer → main channel, declared once. The preload bridge, the main-side handler table
 * and the renderer client are all derived from this object (see ../bridge.ts), so a channel that
 * is added here without a handler is a compile error in main.
 */
import { systemChannels } from './system';

export const channels = {
  ...systemChannels,
} as const;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export const channelNames = Object.keys(channels) as ChannelName[];
export { defineChannel } from './defineChannel';
export type { ChannelDefinition } from './defineChannel';
