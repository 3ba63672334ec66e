/**
 * `npm run tools:phantoms -- <dir> [--count n] [--seed n] [--size px] [--sites a,b] [--no-transcode]`:
 * writes a seeded synthetic phantom dataset and prints its summary as one JSON document on stdout.
 * A separate process on purpose: product code may not import tools/ (lint), so `hilum demo` and
 * `hilum dataset phantoms` start this file as a child process and validate what it prints.
 */
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { HilumError, serializeError } from '../../src-core/errors';
import { phantomSitesById } from './defaultPhantomSites';
import { generatePhantomDataset } from './generatePhantomDataset';

function integer(name: string, value: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new HilumError('INVALID_ARGUMENT', `--${name} must be an integer ≥ ${min} (got "${value}")`);
  return n;
}

async function main(argv: string[]): Promise<void> {
  const program = new Command('tools:phantoms')
    .argument('<dir>', 'output folder')
    .option('--count <n>', 'number of images', '300')
    .option('--seed <n>', 'random seed', '1')
    .option('--size <n>', 'image size in pixels', '256')
    .option('--sites <ids>', 'comma-separated built-in site ids (default: all)')
    .option('--no-transcode', 'keep every file Explicit VR Little Endian')
    .exitOverride();
  try {
    program.parse(argv);
  } catch (error) {
    if (error instanceof CommanderError && error.code === 'commander.helpDisplayed') return;
    // commander has already printed the usage problem; the caller still gets one JSON error line.
    throw error instanceof CommanderError ? new HilumError('INVALID_ARGUMENT', error.message) : error;
  }
  const o = program.opts<{ count: string; seed: string; size: string; sites?: string; transcode: boolean }>();
  const result = await generatePhantomDataset({
    dir: path.resolve(program.args[0] as string),
    count: integer('count', o.count, 1),
    seed: integer('seed', o.seed, Number.MIN_SAFE_INTEGER),
    size: integer('size', o.size, 32),
    transcode: o.transcode,
    ...(o.sites ? { sites: phantomSitesById(o.sites.split(',')) } : {}),
  });
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main(process.argv).catch((error: unknown) => {
  // The caller reads one JSON error document from stderr, like `hilum --json` errors.
  const e = serializeError(error);
  process.stderr.write(`${JSON.stringify({ error: { code: e.code, message: e.message, details: e.details } })}\n`);
  process.exitCode = 1;
});
