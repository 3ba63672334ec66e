/**
 * Study headers (modality, size, or why unreadable) for the `images.studies` channel, read in the
 * worker pool and cached by path: an entry is reused while the file's size and mtime are unchanged,
 * so listing the review folders does not re-parse every file on every call.
 */
import fs from 'node:fs';
import type { ResultOf } from '../../../src-core/contracts/jobs';
import type { JobRunner } from '../../worker/withJobRunner';

export type StudyHeader = ResultOf<'images.studyHeaders'>['headers'][number];

interface Entry {
  size: number;
  mtimeMs: number;
  header: StudyHeader;
}

function stamp(file: string): { size: number; mtimeMs: number } | null {
  try {
    const st = fs.statSync(file);
    return { size: st.size, mtimeMs: st.mtimeMs };
  } catch {
    // Unreadable now: not cached, the worker reports the typed reason.
    return null;
  }
}

export class StudyHeaderCache {
  private readonly entries = new Map<string, Entry>();
  /** Files parsed by the worker since the cache was made (for tests and diagnostics). */
  parsed = 0;

  async headersOf(files: readonly string[], jobs: JobRunner): Promise<StudyHeader[]> {
    const stamps = files.map(stamp);
    const misses = files.filter((file, i) => {
      const entry = this.entries.get(file);
      const now = stamps[i];
      return !entry || !now || entry.size !== now.size || entry.mtimeMs !== now.mtimeMs;
    });
    const fresh = new Map<string, StudyHeader>();
    if (misses.length > 0) {
      const { headers } = await jobs.run('images.studyHeaders', { files: misses });
      this.parsed += misses.length;
      misses.forEach((file, i) => fresh.set(file, headers[i]!));
    }
    const live = new Set(files);
    for (const file of this.entries.keys()) if (!live.has(file)) this.entries.delete(file);
    return files.map((file, i) => {
      const header = fresh.get(file) ?? this.entries.get(file)!.header;
      const now = stamps[i];
      if (now && fresh.has(file)) this.entries.set(file, { ...now, header });
      return header;
    });
  }
}
