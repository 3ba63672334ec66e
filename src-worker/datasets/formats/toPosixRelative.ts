/** Dataset paths are stored relative to the dataset root with forward slashes, on every OS. */
import path from 'node:path';

export function toPosixRelative(root: string, absolute: string): string {
  return path.relative(root, absolute).split(path.sep).join('/');
}
