/**
 * The saliency colour scale: low attention is transparent, then dark red → orange → yellow → white as
 * attention rises (a heat ramp, readable over a grey radiograph and monotone in brightness, so the order
 * survives for colour-blind readers). The legend is drawn from the same stops.
 */
export const saliencyStops: ReadonlyArray<readonly [number, readonly [number, number, number]]> = [
  [0, [80, 0, 0]],
  [0.35, [200, 30, 0]],
  [0.65, [255, 150, 0]],
  [0.85, [255, 230, 40]],
  [1, [255, 255, 230]],
];

/** Attention below this is not drawn: the map's floor would tint the whole radiograph. */
export const saliencyFloor = 0.2;

/** RGBA (0–255) for an attention value in [0, 1] at the given overall opacity (0–1). */
export function saliencyColour(value: number, opacity: number): [number, number, number, number] {
  const v = Math.min(1, Math.max(0, Number.isFinite(value) ? value : 0));
  if (v < saliencyFloor) return [0, 0, 0, 0];
  let k = 1;
  while (k < saliencyStops.length - 1 && saliencyStops[k]![0] < v) k++;
  const [v0, c0] = saliencyStops[k - 1]!;
  const [v1, c1] = saliencyStops[k]!;
  const f = v1 === v0 ? 0 : (v - v0) / (v1 - v0);
  const rgb = c0.map((c, i) => Math.round(c + f * (c1[i]! - c))) as [number, number, number];
  // Fades in above the floor so the map has no hard edge.
  const alpha = Math.min(1, (v - saliencyFloor) / 0.15) * Math.min(1, Math.max(0, opacity));
  return [rgb[0], rgb[1], rgb[2], Math.round(255 * alpha)];
}

/** A CSS linear-gradient of the scale from `saliencyFloor` to 1, for the legend. */
export function saliencyLegendGradient(): string {
  const parts = [0, 0.25, 0.5, 0.75, 1].map((t) => {
    const [r, g, b] = saliencyColour(saliencyFloor + 0.15 + t * (1 - saliencyFloor - 0.15), 1);
    return `rgb(${r} ${g} ${b}) ${t * 100}%`;
  });
  return `linear-gradient(to right, ${parts.join(', ')})`;
}

/** Where the model's square input lay on a columns × rows image, in image pixel coordinates (top-left, bottom-right). */
export function saliencyRect(columns: number, rows: number, aspect: 'pad' | 'stretch'): [[number, number], [number, number]] {
  if (aspect === 'stretch')
    return [
      [0, 0],
      [columns, rows],
    ];
  // pad: the longer side filled the square, centred, with black borders on the shorter side.
  const side = Math.max(columns, rows);
  const x0 = (columns - side) / 2;
  const y0 = (rows - side) / 2;
  return [
    [x0, y0],
    [x0 + side, y0 + side],
  ];
}
