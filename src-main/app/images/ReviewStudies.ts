/**
 * The DICOM files the viewer may open: those under the configured review folders. The renderer
 * names a study by an opaque id (a hash of its path); it can never make main read a path it chose.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { HilumError } from '../../../src-core/errors';
import { type FolderWalk, walkFolder } from '../../../src-core/files/walkFolder';

export interface ReviewStudy {
  studyId: string;
  name: string;
  file: string;
}

const maxFiles = 5000;

/** Image candidates under `dir` (src-core's walkFolder: FIFOs, sockets and link loops are never opened; hidden entries skipped). */
function walk(dir: string, out: string[]): void {
  let walked: FolderWalk;
  try {
    walked = walkFolder(fs, dir, { maxFiles: maxFiles - out.length });
  } catch (error) {
    throw new HilumError('IO_ERROR', `Cannot read review folder ${dir}: ${(error as Error).message}`, { file: dir });
  }
  for (const rel of walked.files) if (!/\.(tsv|csv|txt|md|json)$/i.test(rel)) out.push(path.join(dir, rel));
}

export class ReviewStudies {
  private byId = new Map<string, ReviewStudy>();

  constructor(readonly roots: readonly string[]) {}

  /** Rescans the folders (files that appeared or vanished since the last call are picked up). */
  list(): ReviewStudy[] {
    const files: string[] = [];
    for (const root of this.roots) walk(path.resolve(root), files);
    const studies = files.map((file) => {
      const root = this.roots.map((r) => path.resolve(r)).find((r) => file.startsWith(r + path.sep)) ?? path.dirname(file);
      const studyId = createHash('sha256').update(file).digest('hex').slice(0, 24);
      return { studyId, name: path.relative(root, file).split(path.sep).join('/'), file };
    });
    this.byId = new Map(studies.map((study) => [study.studyId, study]));
    return studies;
  }

  resolve(studyId: string): ReviewStudy {
    if (!this.byId.has(studyId)) this.list();
    const study = this.byId.get(studyId);
    if (!study) throw new HilumError('NOT_FOUND', `No study ${studyId} in the review folders`, { studyId });
    return study;
  }
}
