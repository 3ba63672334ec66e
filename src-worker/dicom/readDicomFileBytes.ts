/** Reads a DICOM file named on the command line or by a job: NOT_FOUND or IO_ERROR naming the file. */
import fs from 'node:fs';
import { HilumError } from '../../src-core/errors';

export function readDicomFileBytes(file: string): Uint8Array {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new HilumError(code === 'ENOENT' ? 'NOT_FOUND' : 'IO_ERROR', `${file}: ${(error as Error).message}`, { file });
  }
}
