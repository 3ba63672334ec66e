/**
 * Renders a phantom chest radiograph as attenuation in [0, 1] (bone bright), in image coordinates
 * x → right, y → down, PA display convention (the patient's right lung on the image left).
 * Anatomy: body outline, two lungs with apices, hemidiaphragm domes and costophrenic angles,
 * lung markings, mediastinum, heart (AP films magnify it by 12 %), spine with disc spaces,
 * posterior ribs, clavicles, breast shadows for female subjects, a gastric bubble. Findings are
 * drawn on top: enlarged heart, pleural effusion (blunted angle up to a meniscus), nodule, mass,
 * pneumothorax (lung edge with no markings beyond it), consolidation (patchy opacity).
 */
import type { Random } from '../../src-core/random/createRng';
import { createValueNoise } from './createValueNoise';
import type { PhantomSubject, Side } from './phantomTypes';

interface LungGeometry {
  sign: number;
  inner: number;
  width: number;
  dome: number;
}

/** 0 → 1 across a band of ±edge around d = 0 (smoothstep): anti-aliased shape borders. */
const SIDES = ['R', 'L'] as const;
const SIGNS = [-1, 1] as const;

const smooth = (edge: number, d: number) => {
  if (d <= -edge) return 0;
  if (d >= edge) return 1;
  const t = (d + edge) / (2 * edge);
  return t * t * (3 - 2 * t);
};

export function renderPhantom(subject: PhantomSubject, size: number, random: Random): Float32Array {
  const a = subject.anatomy;
  const f = subject.findings;
  const texture = createValueNoise(random, 14);
  const patch = createValueNoise(random, 8);
  const edge = 1.2 / size;
  const lungs: Record<Side, LungGeometry> = {
    R: { sign: -1, inner: a.centreX - 0.06, width: a.thoraxHalfWidth - 0.08, dome: a.domeY },
    L: { sign: 1, inner: a.centreX + 0.06, width: a.thoraxHalfWidth - 0.08, dome: a.domeY + 0.025 },
  };
  const magnification = subject.view === 'AP' ? 1.12 : 1;
  const heartShift = (random() - 0.5) * 0.03;
  const heart = {
    x: a.centreX + 0.04 + heartShift,
    y: a.domeY - a.heartHalfHeight * 0.7,
    rx: a.cardiothoracicRatio * a.thoraxHalfWidth * magnification,
    ry: a.heartHalfHeight * magnification,
  };
  const gastric = random() < 0.7;
  const lesions = [f.nodule, f.mass];
  const cos = Math.cos(a.tiltRadians);
  const sin = Math.sin(a.tiltRadians);
  const out = new Float32Array(size * size);

  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const ux = (px + 0.5) / size - 0.5;
      const uy = (py + 0.5) / size - 0.5;
      const x = 0.5 + cos * ux - sin * uy;
      const y = 0.5 + sin * ux + cos * uy;
      out[py * size + px] = pixelValue(x, y);
    }
  }
  return out;

  function lungCoords(side: Side, x: number, y: number) {
    const g = lungs[side];
    const widthFactor = 0.6 + 0.4 * Math.min(1, Math.max(0, (y - a.lungTop) / 0.3));
    const u = (g.sign * (x - g.inner)) / (g.width * widthFactor); // 0 medial → 1 lateral
    const top = a.lungTop + 0.12 * (u - 0.35) ** 2;
    const bottom = g.dome + 0.15 * (u - 0.4) ** 2 - 0.01;
    const inside = Math.min(smooth(edge, u * g.width), smooth(edge, (1 - u) * g.width), smooth(edge, y - top), smooth(edge, bottom - y));
    return { u, top, bottom, inside };
  }

  function pixelValue(x: number, y: number): number {
    const dxBody = Math.abs(x - a.centreX) / (a.thoraxHalfWidth + 0.06);
    const shoulder = y < 0.12 ? ((0.12 - y) / 0.12) * 0.25 : 0;
    const body = smooth(edge * 2, 1 - dxBody - shoulder);
    if (body === 0) return 0.03; // air outside the patient
    let v = 0.03 + 0.37 * body;
    const belowDiaphragm = y > a.domeY + (0.03 * Math.abs(x - a.centreX)) / a.thoraxHalfWidth;
    if (belowDiaphragm) v += 0.1 * body;
    if (Math.abs(x - a.centreX) < 0.065 && y < a.domeY) v = Math.max(v, 0.5 * body);

    for (const side of SIDES) {
      // Each lung lies entirely on its own side of the midline: skip the other half cheaply.
      if ((side === 'R' && x > a.centreX - 0.05) || (side === 'L' && x < a.centreX + 0.05)) continue;
      const c = lungCoords(side, x, y);
      if (c.inside <= 0) continue;
      // Markings: ridges of the noise field look like vessels, denser towards the hilum.
      const ridge = 1 - 2 * Math.abs(texture(x, y) - 0.5);
      let lung = 0.12 + 0.07 * ridge * ridge * (1 - 0.6 * Math.min(1, Math.max(0, c.u)));
      const ptx = f.pneumothorax?.side === side ? f.pneumothorax : null;
      if (ptx) {
        const g = lungs[side];
        const collapsedEdge = 1 - ptx.depth / g.width;
        const fromApex = y - (c.top + ptx.depth * 0.7);
        const outside = Math.max(c.u - collapsedEdge, -fromApex / g.width);
        if (outside > 0) lung = 0.075; // no lung markings beyond the visceral pleura
        if (Math.abs(outside) < 0.004) lung += 0.06; // the pleural line itself
      }
      if (f.effusion?.side === side) {
        const s = f.effusion.severity;
        const fluidTop = lungs[side].dome + 0.03 - s * 0.22 - 0.05 * s * c.u;
        lung += (0.42 - lung) * smooth(edge * 3, y - fluidTop);
      }
      for (const lesion of lesions) {
        if (lesion?.side !== side) continue;
        const { cx, cy } = lesionCentre(side, lesion.x, lesion.y);
        const r = Math.hypot(x - cx, y - cy);
        lung +=
          lesion.contrast *
          (lesion === f.mass ? smooth(edge * 2, lesion.radius - r) : Math.exp(-(r * r) / (2 * (lesion.radius / 1.4) ** 2)));
      }
      if (f.consolidation?.side === side) {
        const { cx, cy } = lesionCentre(side, f.consolidation.x, f.consolidation.y);
        const r2 = (x - cx) ** 2 + (y - cy) ** 2;
        lung += f.consolidation.density * Math.exp(-r2 / (2 * f.consolidation.spread ** 2)) * (0.4 + 0.9 * patch(x, y));
      }
      v += (lung - v) * c.inside;
    }

    const hx = (x - heart.x) / heart.rx;
    const hy = (y - heart.y) / heart.ry;
    const inHeart = smooth(0.04, 1 - Math.sqrt(hx * hx + hy * hy)) * (y < a.domeY + 0.03 ? 1 : 0);
    v = Math.max(v, v + (0.47 - v) * inHeart);
    if (gastric) {
      const gx = (x - (a.centreX + 0.13)) / 0.045;
      const gy = (y - (a.domeY + 0.075)) / 0.03;
      if (gx * gx + gy * gy < 1) v -= 0.15 * body;
    }
    if (subject.sex === 'F') {
      for (const sign of SIGNS) {
        const r = Math.hypot(x - (a.centreX + sign * 0.2), y - (a.domeY - 0.02));
        if (y > a.domeY - 0.08) v += 0.05 * smooth(0.03, 0.15 - r) * body;
      }
    }
    return Math.min(1, Math.max(0, v + bones(x, y) * body));
  }

  function lesionCentre(side: Side, rx: number, ry: number) {
    const g = lungs[side];
    return { cx: g.inner + g.sign * (0.15 + 0.7 * rx) * g.width, cy: a.lungTop + (0.1 + 0.8 * ry) * (g.dome - a.lungTop) };
  }

  function bones(x: number, y: number): number {
    let b = 0;
    const dx = Math.abs(x - a.centreX);
    if (dx < 0.03 && y > 0.04)
      b += 0.13 * a.boneDensity * (0.75 + 0.25 * Math.abs(Math.sin((Math.PI * y) / 0.045))) * smooth(0.006, 0.03 - dx);
    const lateral = dx / a.thoraxHalfWidth;
    if (lateral < 1.02 && y < a.domeY + 0.05) {
      const curve = a.lungTop - 0.03 + 0.08 * lateral * Math.sqrt(lateral);
      const k = Math.round((y - curve) / a.ribSpacing);
      if (k >= 0 && k < 10) {
        const d = Math.abs(y - (curve + k * a.ribSpacing));
        b += 0.09 * a.boneDensity * smooth(0.004, 0.009 - d) * (lateral > 0.12 ? 1 : 0);
      }
    }
    for (const sign of SIGNS) {
      const x0 = a.centreX + sign * 0.04;
      const x1 = a.centreX + sign * 0.27;
      const t = (x - x0) / (x1 - x0);
      if (t >= 0 && t <= 1) {
        const yc = a.lungTop + 0.01 - 0.06 * t;
        b += 0.12 * a.boneDensity * smooth(0.004, 0.01 - Math.abs(y - yc));
      }
    }
    return b;
  }
}
