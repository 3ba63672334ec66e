/** Window presets for radiographs (keys 1–4), relative to the file's own window and the image's value range. */
import type { ViewerImageInfo } from './hilumImageLoader';

export interface WindowPreset {
  key: string;
  name: string;
  apply: (i: ViewerImageInfo) => [center: number, width: number];
}

export const windowPresets: readonly WindowPreset[] = [
  { key: '1', name: 'From file', apply: (i) => [i.windowCenter, i.windowWidth] },
  { key: '2', name: 'Full range', apply: (i) => [(i.maxValue + i.minValue) / 2, i.maxValue - i.minValue] },
  { key: '3', name: 'High contrast', apply: (i) => [i.windowCenter, i.windowWidth / 2] },
  { key: '4', name: 'Low contrast', apply: (i) => [i.windowCenter, i.windowWidth * 2] },
];
