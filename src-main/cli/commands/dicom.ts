/** `hilum dicom inspect` and `hilum dicom render`: read one DICOM file's header, decode it, render it to PNG (jobs in the worker pool). */
import path from 'node:path';
import type { Command } from 'commander';
import type { ResultOf } from '../../../src-core/contracts/jobs';
import { HilumError } from '../../../src-core/errors';
import { action } from '../context';
import { formatTable, printResult } from '../output';

export type InspectReport = ResultOf<'dicom.inspect'>;

function humanInspect(r: InspectReport): string {
  return formatTable([
    ['file', r.file],
    ['transfer syntax', `${r.transferSyntaxUid ?? '?'} (${r.transferSyntaxName ?? 'unknown'})`],
    ['modality', r.modality ?? '-'],
    ['photometric', r.photometricInterpretation ?? '-'],
    ['size', r.rows !== null ? `${r.columns}×${r.rows}, ${r.bitsStored} bits stored` : '-'],
    ['view position', r.viewPosition ?? '-'],
    [
      'burned-in',
      `header ${r.burnedInAnnotation === null ? 'absent' : r.burnedInAnnotation ? 'YES' : 'NO'}; detector ${r.burnedInRegions.length} region(s)`,
    ],
    ['decodable', r.decodable ? 'yes' : 'no'],
    ['error', r.error ? `${r.error.code}: ${r.error.message}` : '-'],
    ['steps', r.steps.join('\n' + ' '.repeat(17))],
  ]);
}

function parseSize(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 8 || n > 8192)
    throw new HilumError('INVALID_ARGUMENT', `--size must be an integer in 8..8192, got ${value}`, {});
  return n;
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value))
    throw new HilumError('INVALID_ARGUMENT', `${name} must be one of ${allowed.join(', ')}, got ${value}`, {});
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
        const report = await ctx.host().run('dicom.inspect', { file: path.resolve(file), showPhi: Boolean(opts.showPhi) });
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
        const size = parseSize(opts.size);
        const r = await ctx.host().run('dicom.render', {
          file: path.resolve(file),
          out: path.resolve(opts.out),
          ...(size !== undefined ? { size } : {}),
          aspect: oneOf('--aspect', opts.aspect, ['pad', 'stretch'] as const),
          voi: oneOf('--voi', opts.voi, ['header', 'percentile'] as const),
          maskBurnedIn: Boolean(opts.maskBurnedIn),
        });
        printResult(r, ctx, (r) => `wrote ${r.out} (${r.width}×${r.height})\n${r.steps.map((s) => `  ${s}`).join('\n')}`);
      }),
    );
}
