/** Where the project's shared real DICOMs sit in a development checkout (../shared/data/dicom), if anywhere. */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

export function repoSharedDicomDir(): string | null {
  const dir = fileURLToPath(new URL('../../../shared/data/dicom', import.meta.url));
  return fs.existsSync(dir) ? dir : null;
}
