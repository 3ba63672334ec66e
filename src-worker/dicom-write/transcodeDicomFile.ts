/**
 * Re-encodes a DICOM file into another transfer syntax with DCMTK or GDCM, when installed. The
 * result says which tool ran, or why none did; callers record it (never a silent fallback).
 */
import { execFile } from 'node:child_process';
import { existsSync, renameSync, rmSync } from 'node:fs';

export type TargetSyntax = 'explicit-le' | 'rle' | 'jpeg-lossless' | 'jpeg-ls' | 'jpeg2000';

export interface TranscodeResult {
  syntax: TargetSyntax | 'explicit-le';
  transferSyntaxUid: string;
  tool: string | null;
  /** Set when the requested syntax could not be produced and the file stayed Explicit VR LE. */
  note: string | null;
}

const ROUTES: Record<Exclude<TargetSyntax, 'explicit-le'>, { uid: string; tool: string; args: (i: string, o: string) => string[] }> = {
  rle: { uid: '1.2.840.10008.1.2.5', tool: 'dcmcrle', args: (i, o) => [i, o] },
  'jpeg-lossless': { uid: '1.2.840.10008.1.2.4.70', tool: 'dcmcjpeg', args: (i, o) => ['+e1', i, o] },
  'jpeg-ls': { uid: '1.2.840.10008.1.2.4.80', tool: 'dcmcjpls', args: (i, o) => ['+el', i, o] },
  jpeg2000: { uid: '1.2.840.10008.1.2.4.90', tool: 'gdcmconv', args: (i, o) => ['--j2k', i, o] },
};

const available = new Map<string, boolean>();

export function toolAvailable(tool: string): boolean {
  let ok = available.get(tool);
  if (ok === undefined) {
    ok = ['/usr/bin', '/usr/local/bin', '/opt/homebrew/bin'].some((d) => existsSync(`${d}/${tool}`));
    available.set(tool, ok);
  }
  return ok;
}

/** Transcodes `file` in place (asynchronously, so several tool processes can run beside the caller). */
export async function transcodeDicomFile(file: string, target: TargetSyntax): Promise<TranscodeResult> {
  if (target === 'explicit-le') return { syntax: 'explicit-le', transferSyntaxUid: '1.2.840.10008.1.2.1', tool: null, note: null };
  const route = ROUTES[target];
  if (!toolAvailable(route.tool)) {
    return {
      syntax: 'explicit-le',
      transferSyntaxUid: '1.2.840.10008.1.2.1',
      tool: null,
      note: `${route.tool} not installed; ${target} not produced`,
    };
  }
  const tmp = `${file}.${target}.tmp`;
  const failure = await new Promise<string | null>((resolve) => {
    execFile(route.tool, route.args(file, tmp), (error, _stdout, stderr) => resolve(error ? String(stderr).trim() || error.message : null));
  });
  if (failure === null && existsSync(tmp)) {
    renameSync(tmp, file);
    return { syntax: target, transferSyntaxUid: route.uid, tool: route.tool, note: null };
  }
  rmSync(tmp, { force: true });
  return {
    syntax: 'explicit-le',
    transferSyntaxUid: '1.2.840.10008.1.2.1',
    tool: route.tool,
    note: `${route.tool} failed: ${(failure ?? 'no output').slice(0, 200)}`,
  };
}
