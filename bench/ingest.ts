/**
 * DICOM ingest throughput: Hilum (decode + Modality LUT + VOI + MONOCHROME1 + resize to 512 px,
 * in this process, one file at a time) against DCMTK in the same run on the same files, also one
 * process at a time: `dcm2pnm +Wm +Sxv 512` after DCMTK's own decompressor (dcmdjpeg, dcmdjpls,
 * dcmdrle) or `gdcmconv --raw` for JPEG 2000 / HTJ2K, as a user would chain them. Process start-up
 * is part of DCMTK's cost here, as it is in a shell pipeline.
 * Files: the shared real DICOMs that both Hilum and DCMTK/GDCM can read, then 200 synthetic phantoms
 * written at run time (tools/phantoms). Figures are medians of `rounds` (≥ 3) timed rounds per corpus.
 * Usage: npm run bench -- ingest [rounds=3] [phantoms=200]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDicomImage } from '../src-worker/dicom/loadDicomImage';
import { readDicom } from '../src-worker/dicom/readDicom';
import { generatePhantomDataset } from '../tools/phantoms/generatePhantomDataset';
import { MIN_REPETITIONS, medianOf } from './medianOf';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dicomDir = path.resolve(repoRoot, '../shared/data/dicom');

function decompressor(uid: string): string[] | null {
  if (/^1\.2\.840\.10008\.1\.2\.4\.(5\d|6\d|70)$/.test(uid)) return ['dcmdjpeg'];
  if (/^1\.2\.840\.10008\.1\.2\.4\.8[01]$/.test(uid)) return ['dcmdjpls'];
  if (uid === '1.2.840.10008.1.2.5') return ['dcmdrle'];
  if (/^1\.2\.840\.10008\.1\.2\.4\.(9\d|20\d)$/.test(uid)) return ['gdcmconv', '--raw'];
  return null;
}

/** Runs a command under /usr/bin/time and returns its peak RSS in kB; throws on failure. */
function timed(cmd: string[]): number {
  const r = spawnSync('/usr/bin/time', ['-f', '%M', ...cmd], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd.join(' ')}: ${r.stderr.slice(0, 300)}`);
  const lines = r.stderr.trim().split('\n');
  return Number(lines[lines.length - 1]);
}

function dcmtkRender(file: string, uid: string, tmp: string): number {
  let input = file;
  let peak = 0;
  const pre = decompressor(uid);
  if (pre) {
    input = path.join(tmp, 'raw.dcm');
    peak = timed([...pre, file, input]);
  }
  return Math.max(peak, timed(['dcm2pnm', '--quiet', '+Wm', '+Sxv', '512', '+op', input, path.join(tmp, 'out.pgm')]));
}

interface Corpus {
  name: string;
  files: Array<{ file: string; uid: string; bytes: number }>;
}

async function usableFiles(candidates: string[], tmp: string): Promise<Corpus['files']> {
  const out: Corpus['files'] = [];
  for (const file of candidates) {
    const bytes = fs.readFileSync(file);
    try {
      await loadDicomImage(bytes, file, { size: 512 });
      const uid = readDicom(bytes, file).transferSyntaxUid;
      dcmtkRender(file, uid, tmp);
      out.push({ file, uid, bytes: bytes.length });
    } catch {
      // not readable by one of the two: left out of the comparison
    }
  }
  return out;
}

async function measure(corpus: Corpus, rounds: number, tmp: string): Promise<string[]> {
  const n = corpus.files.length;
  // Each round times every file once per engine, the engines interleaved round by round so machine load
  // falls on both alike; the table reports the median round.
  const hilumRounds: number[] = [];
  const dcmtkRounds: number[] = [];
  let hilumPeak = 0;
  let dcmtkPeak = 0;
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (const f of corpus.files) {
      await loadDicomImage(fs.readFileSync(f.file), f.file, { size: 512 });
      hilumPeak = Math.max(hilumPeak, process.memoryUsage().rss);
    }
    hilumRounds.push(performance.now() - t0);
    const t1 = performance.now();
    for (const f of corpus.files) dcmtkPeak = Math.max(dcmtkPeak, dcmtkRender(f.file, f.uid, tmp));
    dcmtkRounds.push(performance.now() - t1);
  }
  const [hilumMs, dcmtkMs] = [medianOf(hilumRounds), medianOf(dcmtkRounds)];
  const hilumRate = n / (hilumMs / 1000);
  const dcmtkRate = n / (dcmtkMs / 1000);
  const mb = corpus.files.reduce((s, f) => s + f.bytes, 0) / 1e6;
  console.log(`\n${corpus.name}: ${n} files, ${mb.toFixed(1)} MB, median of ${rounds} rounds; load ${os.loadavg()[0]!.toFixed(1)}`);
  console.log('engine                          files/s   ms/file   peak RSS');
  console.log(
    `Hilum (in-process, 1 thread)  ${hilumRate.toFixed(2).padStart(9)} ${(hilumMs / n).toFixed(1).padStart(9)} ${(hilumPeak / 1e6).toFixed(0).padStart(7)} MB`,
  );
  console.log(
    `DCMTK/GDCM (1 process at a time)${dcmtkRate.toFixed(2).padStart(6)} ${(dcmtkMs / n).toFixed(1).padStart(9)} ${(dcmtkPeak / 1e3).toFixed(0).padStart(7)} MB`,
  );
  return [`${corpus.name}: Hilum/DCMTK throughput ratio = ${(hilumRate / dcmtkRate).toFixed(2)}`];
}

async function phantomCorpus(count: number, tmp: string): Promise<Corpus> {
  const dir = path.join(tmp, 'phantoms');
  const result = await generatePhantomDataset({ dir, count, seed: 7, size: 1024 });
  const files = result.files.map((f) => path.join(dir, f));
  return { name: `${count} synthetic phantoms (1024 px, tools/phantoms seed 7)`, files: await usableFiles(files, tmp) };
}

export default async function run(args: string[]): Promise<void> {
  const rounds = Math.max(MIN_REPETITIONS, Number(args[0] ?? 3));
  const phantoms = Number(args[1] ?? 200);
  for (const tool of ['dcm2pnm', 'dcmdjpeg', 'dcmdjpls', 'dcmdrle', 'gdcmconv']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) throw new Error(`${tool} is missing: install dcmtk and libgdcm-tools`);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-bench-ingest-'));
  try {
    const index = fs.readFileSync(path.join(dicomDir, 'INDEX.tsv'), 'utf8').trim().split('\n').slice(1);
    const real: Corpus = {
      name: 'shared real DICOMs readable by both',
      files: await usableFiles(
        index.map((l) => path.join(dicomDir, l.split('\t')[0]!)),
        tmp,
      ),
    };
    console.log(`cores: ${os.cpus().length}; DCMTK: ${execFileSync('dcm2pnm', ['--version']).toString().split('\n')[0]}`);
    const ratios = await measure(real, rounds, tmp);
    if (phantoms > 0) ratios.push(...(await measure(await phantomCorpus(phantoms, tmp), rounds, tmp)));
    else console.log('\nsynthetic corpus skipped (phantoms=0)');
    console.log('');
    for (const line of ratios) console.log(line);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
