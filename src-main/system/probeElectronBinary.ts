/**
 * Whether the Electron binary is installed. We read the electron package's path.txt instead of
 * `require('electron')`, because recent electron packages try to download the binary on require.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export function probeElectronBinary(): { present: boolean; path: string | null; reason?: string } {
  const require = createRequire(import.meta.url);
  let packageDir: string;
  try {
    packageDir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return { present: false, path: null, reason: 'the electron package is not installed' };
  }
  const pathFile = path.join(packageDir, 'path.txt');
  if (!fs.existsSync(pathFile))
    return { present: false, path: null, reason: 'binary not downloaded (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1)' };
  const binary = path.join(packageDir, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(binary)
    ? { present: true, path: binary }
    : { present: false, path: binary, reason: 'path.txt names a binary that is missing' };
}
