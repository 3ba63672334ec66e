/**
 * One import per dataset name at a time, across processes: a pid file under <data dir>/locks. It is what tells an
 * interrupted import (its process gone, the dataset left `importing`) from one still running, so that running
 * `dataset import` again can take the interrupted one over instead of refusing until `dataset remove`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { HilumError } from '../../src-core/errors';
import { sha256Hex } from '../governance/sha256Hex';

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, owned by another user
  }
}

/** Takes the lock for `name` (CONFLICT while a live process holds it; a lock left by a dead process is taken over) and returns its release. */
export function holdImportLock(dataDir: string, name: string): () => void {
  const dir = path.join(dataDir, 'locks');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `dataset-import-${sha256Hex(name).slice(0, 16)}.pid`);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
        throw new HilumError('IO_ERROR', `${file}: cannot write the import lock (${(error as Error).message})`, { file });
    }
    let holder = NaN;
    try {
      holder = Number(fs.readFileSync(file, 'utf8').trim());
    } catch {
      continue; // released between our write and this read: try again
    }
    if (isAlive(holder))
      throw new HilumError('CONFLICT', `Dataset "${name}" is being imported by process ${holder}; wait for it to finish`, {
        name,
        pid: holder,
      });
    fs.rmSync(file, { force: true }); // left by an import that was killed
  }
  throw new HilumError('CONFLICT', `Dataset "${name}": could not take the import lock ${file}`, { name, file });
}
