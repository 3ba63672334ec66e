/**
 * CSV parsing: the in-house parser (src-core/csv, what every label and metrics CSV goes through) against two
 * maintained npm parsers, csv-parse/sync and papaparse, on a large label CSV. The text is the real NIH
 * Data_Entry_2017 subset (shared/data, 1,000 rows) repeated to 112,120 rows, the size of the full NIH
 * Data_Entry_2017.csv; a second corpus quotes every field. All three must return the same rows before any
 * timing counts. Interleaved rounds, medians; load average printed with each round.
 * Usage: npm run bench -- csvParse [rounds=5]
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { parse as csvParseSync } from 'csv-parse/sync';
import { parseCsv } from '../src-core/csv/parseCsv';
import { bug } from '../src-core/errors';
import { sharedDataDir } from '../test/helpers/paths';
import { medianOf } from './medianOf';

const FULL_NIH_ROWS = 112_120;
const load = (): string => os.loadavg()[0]!.toFixed(2);

interface Papa {
  parse(text: string, options: { skipEmptyLines: boolean }): { data: string[][]; errors: unknown[] };
}

function corpora(): Array<{ name: string; text: string }> {
  const file = path.join(sharedDataDir, 'nih-cxr14-subset-64px/Data_Entry_2017_subset.csv');
  const real = parseCsv(fs.readFileSync(file, 'utf8'), file);
  const rows = [real.header];
  for (let i = 0; i < FULL_NIH_ROWS; i++) rows.push(real.rows[i % real.rows.length]!);
  // The NIH file needs no quoting; the second corpus quotes every field, as spreadsheet exports often do.
  const plain = rows.map((r) => r.join(',')).join('\n') + '\n';
  const quoted = rows.map((r) => r.map((f) => `"${f.replaceAll('"', '""')}"`).join(',')).join('\r\n') + '\r\n';
  return [
    { name: `NIH Data_Entry ×${FULL_NIH_ROWS} rows, unquoted, LF`, text: plain },
    { name: `same rows, every field quoted, CRLF`, text: quoted },
  ];
}

export default async function run(args: string[]): Promise<void> {
  const rounds = Number(args[0] ?? 5);
  const papa = createRequire(import.meta.url)('papaparse') as Papa;
  const parsers: Record<string, (text: string) => string[][]> = {
    'in-house (src-core/csv)': (text) => {
      const t = parseCsv(text, 'bench.csv');
      return [t.header, ...t.rows];
    },
    'csv-parse/sync': (text) => csvParseSync(text, { bom: true, skip_empty_lines: true }) as string[][],
    papaparse: (text) => papa.parse(text, { skipEmptyLines: true }).data,
  };
  const names = Object.keys(parsers);
  const summary: Array<{ corpus: string; medians: Record<string, number> }> = [];
  for (const corpus of corpora()) {
    const expected = JSON.stringify(parsers[names[0]!]!(corpus.text));
    for (const name of names.slice(1)) {
      if (JSON.stringify(parsers[name]!(corpus.text)) !== expected)
        throw bug(`${name} disagrees with the in-house parser on ${corpus.name}`);
    }
    console.log(`\n${corpus.name}: ${(corpus.text.length / 1e6).toFixed(1)} MB`);
    const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
    for (let round = 0; round < rounds; round++) {
      // Interleaved, and the order rotates each round so no parser always runs on a warmer heap.
      const order = names.map((_, k) => names[(k + round) % names.length]!);
      const line: string[] = [];
      for (const name of order) {
        const t0 = performance.now();
        parsers[name]!(corpus.text);
        const ms = performance.now() - t0;
        times[name]!.push(ms);
        line.push(`${name} ${ms.toFixed(0)} ms`);
      }
      console.log(`  round ${round + 1} (load ${load()}): ${line.join(' | ')}`);
    }
    const medians = Object.fromEntries(names.map((n) => [n, medianOf(times[n]!)]));
    summary.push({ corpus: corpus.name, medians });
  }
  console.log(`\n| corpus | ${names.join(' | ')} |\n|---|${names.map(() => '---:').join('|')}|`);
  for (const s of summary) console.log(`| ${s.corpus} | ${names.map((n) => `${s.medians[n]!.toFixed(0)} ms`).join(' | ')} |`);
  console.log(
    `cores ${os.availableParallelism()}, load average now ${os
      .loadavg()
      .map((v) => v.toFixed(2))
      .join(' ')}, rounds ${rounds} (medians)`,
  );
  for (const s of summary) {
    const inHouse = s.medians[names[0]!]!;
    const best = Math.min(...names.slice(1).map((n) => s.medians[n]!));
    const bestName = names.slice(1).find((n) => s.medians[n] === best)!;
    console.log(`ratio (${s.corpus}): fastest maintained parser (${bestName}) / in-house = ${(best / inHouse).toFixed(2)}×`);
  }
}
