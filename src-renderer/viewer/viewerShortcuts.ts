/** The viewer's keys (when the image has focus), listed once for the toolbar titles and the keyboard help overlay. */
export const viewerShortcuts: ReadonlyArray<readonly [keys: string, action: string]> = [
  ['+ / −', 'Zoom in / out'],
  ['← ↑ → ↓', 'Pan'],
  ['1 – 4', 'Window presets: from file, full range, high contrast, low contrast'],
  ['I', 'Invert'],
  ['R', 'Reset zoom, pan and window'],
  ['F', 'Load the full resolution'],
  ['S', 'Saliency overlay on / off'],
  ['G', 'Saliency: the next finding (highest probability first)'],
  ['M', 'Saliency method: occlusion (per finding) / attention rollout (all findings)'],
  ['[ / ]', 'Saliency opacity down / up'],
  ['Mouse', 'Left drag: window/level · middle: pan · right: zoom'],
];
