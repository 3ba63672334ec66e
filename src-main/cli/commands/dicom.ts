/** `hilum dicom inspect` and `hilum dicom render`: read one DICOM file's header, decode it, render it to PNG. */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { HilumError, serializeError } from '../../../src-core/errors';
import { lookupTransferSyntax } from '../../../src-core/dicom/transferSyntaxes';
import type { DicomImageMetadata } from '../../../src-core/dicom/types';
import { readDicom } from '../../../src-worker/dicom/readDicom';
import { readImageMetadata } from '../../../src-worker/dicom/readImageMetadata';
import { loadDicomImage } from '../../../src-worker/dicom/loadDicomImage';
import { maskRegions } from '../../../src-worker/dicom/maskRegions';
import { encodeGreyPng } from '../../../src-worker/dicom/encodeGreyPng';
import { action } from '../context';
import { formatTable, printResult } from '../output';

const phiFields = ['patientId', 'patientName', 'birthDate', 'studyDate', 'institution'] as const;

function readBytes(file: string): Uint8Array {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new HilumError(code === 'ENOENT' ? 'NOT_FOUND' : 'IO_ERROR', `${file}: ${(error as Error).message}`, { file });
  }
}

function withoutPhi(meta: DicomImageMetadata, showPhi: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { ...meta };
  if (!showPhi) for (const key of phiFields) delete out[key];
  return out;
}

export interface InspectReport {
  file: string;
  transferSyntaxUid: string | null;
  transferSyntaxName: string | null;
  photometricInterpretation: string | null;
  modality: string | null;
  rows: number | null;
  columns: number | null;
  bitsStored: number | null;
  viewPosition: string | null;
  burnedInAnnotation: boolean | null;
  metadata: Record<string, unknown> | null;
  decodable: boolean;
  steps: string[];
  burnedInRegions: Array<{ x: number; y: number; width: number; height: number }>;
  error: { code: string; message: string } | null;
}

async function inspect(file: string, showPhi: boolean): Promise<InspectReport> {
  const bytes = readBytes(file);
  const report: InspectReport = {
    file,
    transferSyntaxUid: null,
    transferSyntaxName: null,
    photometricInterpretation: null,
    modality: null,
    rows: null,
    columns: null,
    bitsStored: null,
    viewPosition: null,
    burnedInAnnotation: null,
    metadata: null,
    decodable: false,
    steps: [],
    burnedInRegions: [],
    error: null,
  };
  try {
    const ds = readDicom(bytes, file);
    report.transferSyntaxUid = ds.transferSyntaxUid;
    report.transferSyntaxName = lookupTransferSyntax(ds.transferSyntaxUid)?.name ?? null;
    report.modality = ds.dataSet.string('x00080060') ?? null;
    const meta = readImageMetadata(ds);
    Object.assign(report, {
      photometricInterpretation: meta.photometricInterpretation,
      rows: meta.rows,
      columns: meta.columns,
      bitsStored: meta.bitsStored,
      viewPosition: meta.viewPosition,
      burnedInAnnotation: meta.burnedInAnnotation,
      metadata: withoutPhi(meta, showPhi),
    });
    // "decodable" means it was actually decoded and normalised, not that the syntax is on a list.
    const image = await loadDicomImage(bytes, file, { size: 512 });
    report.decodable = true;
    report.steps = image.steps;
    report.burnedInRegions = image.burnedIn.regions;
  } catch (error) {
    const e = serializeError(error);
    report.error = { code: e.code, message: e.message };
  }
  return report;
}

function humanInspect(r: InspectReport): string {
  return formatTable([
    ['file', r.file],
    ['transfer syntax', `${r.transferSyntaxUid ?? '?'} (${r.transferSyntaxName ?? 'unknown'})`],
    ['modality', r.modality ?? '-'],
    ['photometric', r.photometricInterpretation ?? '-'],
    ['size', r.rows !== null ? `${r.columns}×${r.rows}, ${r.bitsStored} bits stored` : '-'],
    ['view position', r.viewPosition ?? '-'],
    ['burned-in', `header ${r.burnedInAnnotation === null ? 'absent' : r.burnedInAnnotation ? 'YES' : 'NO'}; detector ${r.burnedInRegions.length} region(s)`],
    ['decodable', r.decodable ? 'yes' : 'no'],
    ['error', r.error ? `${r.error.code}: ${r.error.message}` : '-'],
    ['steps', r.steps.join('\n' + ' '.repeat(17))],
  ]);
}

function parseSize(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 8 || n > 8192) throw new HilumError('INVALID_ARGUMENT', `--size must be an integer in 8..8192, got ${value}`, {});
  return n;
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new HilumError('INVALID_ARGUMENT', `${name} must be one of ${allowed.join(', ')}, got ${value}`, {});
  return value as T;
}

export function register(program: Command): void {
  const dicom = program.command('dicom').description('read, decode and render DICOM files');

  dicom
    .command('inspect <file>')
    .description('header fields, whether the pixels actually decode, and the normalisation steps (no PHI unless --show-phi)')
    .option('--show-phi', 'include patient ID, name, birth date, study date and institution')
    .action(
      action(async (ctx, file: string, opts: { showPhi?: boolean }) => {
        const report = await inspect(path.resolve(file), Boolean(opts.showPhi));
        printResult(report, ctx, humanInspect);
        // A header that could not be read at all is a failure; an undecodable image is a finding.
        return report.rows === null && report.error ? 1 : 0;
      }),
    );

  dicom
    .command('render <file>')
    .description('decode, normalise (bone bright) and write an 8-bit greyscale PNG')
    .requiredOption('--out <png>', 'output PNG path')
    .option('--size <n>', 'square output side in pixels (default: native size, no resize)')
    .option('--aspect <mode>', 'pad (letterbox, default) or stretch', 'pad')
    .option('--voi <mode>', 'header (window/VOI LUT from the file, default) or percentile', 'header')
    .option('--mask-burned-in', 'fill detected burned-in text with the local median before writing')
    .action(
      action(async (ctx, file: string, opts: { out: string; size?: string; aspect: string; voi: string; maskBurnedIn?: boolean }) => {
        const input = path.resolve(file);
        const options = { size: parseSize(opts.size), aspect: oneOf('--aspect', opts.aspect, ['pad', 'stretch'] as const), voi: oneOf('--voi', opts.voi, ['header', 'percentile'] as const) };
        let image = await loadDicomImage(readBytes(input), input, options);
        if (opts.maskBurnedIn && image.burnedIn.regions.length > 0) image = maskRegions(image, image.burnedIn.regions);
        const out = path.resolve(opts.out);
        try {
          fs.writeFileSync(out, encodeGreyPng(image.pixels, image.width, image.height));
        } catch (error) {
          throw new HilumError('IO_ERROR', `${out}: ${(error as Error).message}`, { file: out });
        }
        printResult({ file: input, out, width: image.width, height: image.height, steps: image.steps, burnedIn: image.burnedIn }, ctx, (r) => `wrote ${r.out} (${r.width}×${r.height})\n${r.steps.map((s) => `  ${s}`).join('\n')}`);
      }),
    );
}
