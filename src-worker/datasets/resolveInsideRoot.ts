/** Resolves a label-file path against the dataset root, refusing any path that leaves the root. */
import path from 'node:path';
import { HilumError } from '../../src-core/errors';

/**
 * Returns the absolute file for `sourcePath` (relative to `root`, `/` or `\` separators), or throws
 * DATASET_PATH_OUTSIDE_ROOT for an absolute path (`/x`, `C:\x`, `\\server\x`) or one whose `..`
 * segments climb out of the root. Checked before anything is opened, so such a row is never read.
 * (A symbolic link inside the root that points out of it is not detected here.)
 */
export function resolveInsideRoot(root: string, sourcePath: string): string {
  const segments = sourcePath.split(/[\\/]/);
  const absolute = path.isAbsolute(sourcePath) || path.win32.isAbsolute(sourcePath) || /^[A-Za-z]:/.test(sourcePath);
  const base = path.resolve(root);
  const file = path.resolve(base, ...segments);
  const relative = path.relative(base, file);
  if (absolute || relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new HilumError(
      'DATASET_PATH_OUTSIDE_ROOT',
      `${sourcePath}: the label file names a path outside the dataset folder; the row is quarantined and the file is not read`,
      { sourcePath },
    );
  }
  return file;
}
