/** Test helper: renders a DICOM file with DCMTK's dcm2pnm (after `gdcmconv --raw` for JPEG 2000/HTJ2K) with a chosen VOI, as floats in [0,1]. */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function hasTool(tool: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
}

export type DcmtkVoi = { kind: 'window1'; sigmoid: boolean } | { kind: 'lut1' } | { kind: 'explicit'; center: number; width: number };

export interface Pgm {
  width: number;
  height: number;
  pixels: Float32Array;
}

export function parsePgm(buf: Buffer): Pgm {
  // P5 <w> <h> <max>\n<bytes>; comments are not written by dcm2pnm.
  let pos = 0;
  const tokens: string[] = [];
  while (tokens.length < 4) {
    while (/\s/.test(String.fromCharCode(buf[pos]!))) pos++;
    let t = '';
    while (!/\s/.test(String.fromCharCode(buf[pos]!))) t += String.fromCharCode(buf[pos++]!);
    tokens.push(t);
  }
  pos++;
  if (tokens[0] !== 'P5') throw new Error(`not a binary PGM: ${tokens[0]}`);
  const width = Number(tokens[1]);
  const height = Number(tokens[2]);
  const max = Number(tokens[3]);
  const pixels = new Float32Array(width * height);
  for (let i = 0; i < pixels.length; i++) pixels[i] = buf[pos + i]! / max;
  return { width, height, pixels };
}

/** Parses Hilum's VOI step into the same choice for dcm2pnm. */
export function voiFromSteps(steps: string[]): DcmtkVoi {
  const step = steps.find((s) => s.startsWith('voi:'))!;
  const pct = /percentile .* low=(-?[\d.e+-]+) high=(-?[\d.e+-]+)/.exec(step);
  if (pct) {
    const low = Number(pct[1]);
    const high = Number(pct[2]);
    // LINEAR with centre c and width w maps c-0.5-(w-1)/2 → 0 and c-0.5+(w-1)/2 → 1: solve for low/high.
    return { kind: 'explicit', center: (low + high) / 2 + 0.5, width: high - low + 1 };
  }
  if (step.includes('lut sequence')) return { kind: 'lut1' };
  return { kind: 'window1', sigmoid: step.includes('SIGMOID') };
}

export type Decompressor = 'none' | 'dcmdjpeg' | 'dcmdjpls' | 'dcmdrle' | 'gdcmconv';

/** Which independent tool decompresses a syntax before dcm2pnm: DCMTK's own where it has one, GDCM for JPEG 2000 / HTJ2K. */
export function decompressorFor(transferSyntaxUid: string): Decompressor {
  if (/^1\.2\.840\.10008\.1\.2\.4\.(5\d|6\d|70)$/.test(transferSyntaxUid)) return 'dcmdjpeg';
  if (/^1\.2\.840\.10008\.1\.2\.4\.8[01]$/.test(transferSyntaxUid)) return 'dcmdjpls';
  if (transferSyntaxUid === '1.2.840.10008.1.2.5') return 'dcmdrle';
  if (/^1\.2\.840\.10008\.1\.2\.4\.(9\d|20\d)$/.test(transferSyntaxUid)) return 'gdcmconv';
  return 'none';
}

/** scale: when given, DCMTK scales one axis to n pixels keeping the aspect ratio (+Sxv or +Syv, its default interpolation). */
export function renderWithDcmtk(file: string, voi: DcmtkVoi, decompressor: Decompressor, scale?: { axis: 'x' | 'y'; n: number }): Pgm {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-dcmtk-'));
  try {
    let input = file;
    if (decompressor !== 'none') {
      input = path.join(dir, 'raw.dcm');
      const args = decompressor === 'gdcmconv' ? ['--raw', file, input] : [file, input];
      execFileSync(decompressor, args, { stdio: 'pipe' });
    }
    const voiArgs =
      voi.kind === 'window1'
        ? ['+Wi', '1', ...(voi.sigmoid ? ['+Wfs'] : [])]
        : voi.kind === 'lut1'
          ? ['+Wl', '1']
          : ['+Ww', String(voi.center), String(voi.width)];
    const out = path.join(dir, 'out.pgm');
    const scaleArgs = scale ? [scale.axis === 'x' ? '+Sxv' : '+Syv', String(scale.n)] : [];
    execFileSync('dcm2pnm', ['--quiet', '+G', '--no-overlays', ...voiArgs, ...scaleArgs, '+op', input, out], { stdio: 'pipe' });
    return parsePgm(fs.readFileSync(out));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i]! - ma;
    const db = b[i]! - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return sab / Math.sqrt(saa * sbb);
}

export function flipLeftRight(p: Pgm): Pgm {
  const out = new Float32Array(p.pixels.length);
  for (let y = 0; y < p.height; y++) for (let x = 0; x < p.width; x++) out[y * p.width + x] = p.pixels[y * p.width + p.width - 1 - x]!;
  return { ...p, pixels: out };
}
