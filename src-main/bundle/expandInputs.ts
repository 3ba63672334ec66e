/**
 * `predict`'s inputs as files: folders are walked (src-core's walkFolder: special files skipped with a typed reason,
 * never opened), and a folder's files that are not DICOM, PNG or JPEG by their first bytes are skipped and counted.
 */
import fs from 'node:fs';
import path from 'node:path';
import { HilumError } from '../../src-core/errors';
import { classifyEntry, describeSkip, type SkipReason } from '../../src-core/files/classifyEntry';
import { SNIFF_BYTES, sniffImageKind } from '../../src-core/files/sniffImageKind';
import { walkFolder } from '../../src-core/files/walkFolder';

export interface SkippedInput {
  file: string;
  reason: SkipReason | 'notImage';
  message: string;
}

export interface ExpandedInputs {
  files: string[];
  skipped: SkippedInput[];
}

/** The first bytes of a regular file; O_NONBLOCK so that a file swapped for a FIFO after the lstat cannot block the open. */
function readHead(file: string): Uint8Array {
  const fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  try {
    if (!fs.fstatSync(fd).isFile()) return new Uint8Array(0);
    const head = new Uint8Array(SNIFF_BYTES);
    const n = fs.readSync(fd, head, 0, SNIFF_BYTES, 0);
    return head.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * A named file is passed on as it is (the worker reports one that does not decode), unless it is a FIFO, socket,
 * device or bad link (NOT_REGULAR_FILE: nothing is opened). Folders are walked recursively, sorted within each folder.
 */
export function expandInputs(inputs: string[]): ExpandedInputs {
  const out: ExpandedInputs = { files: [], skipped: [] };
  for (const input of inputs) {
    const kind = classifyEntry(fs, input);
    if (kind.kind === 'file') {
      out.files.push(input);
      continue;
    }
    if (kind.kind === 'skip') {
      if (kind.reason === 'unreadable' && !fs.existsSync(input))
        throw new HilumError('NOT_FOUND', `${input}: no such file or folder`, { file: input });
      throw new HilumError('NOT_REGULAR_FILE', describeSkip(input, kind.reason, kind.detail), { file: input, reason: kind.reason });
    }
    const walked = walkFolder(fs, input);
    for (const s of walked.skipped) {
      const file = path.join(input, s.path);
      out.skipped.push({ file, reason: s.reason, message: describeSkip(file, s.reason, s.detail) });
    }
    for (const rel of walked.files) {
      const file = path.join(input, rel);
      let head: Uint8Array;
      try {
        head = readHead(file);
      } catch (error) {
        out.skipped.push({ file, reason: 'unreadable', message: describeSkip(file, 'unreadable', (error as Error).message) });
        continue;
      }
      if (sniffImageKind(head) === null)
        out.skipped.push({ file, reason: 'notImage', message: `${file}: not DICOM, PNG or JPEG by its first bytes; not read` });
      else out.files.push(file);
    }
  }
  return out;
}
