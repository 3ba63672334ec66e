/**
 * Where Hilum keeps its store, caches and bundles: `--data-dir`, else HILUM_DATA_DIR, else the OS
 * user-data location Electron would use for an app named "Hilum" (so the CLI and the app share data).
 */
import os from 'node:os';
import path from 'node:path';

export function defaultDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Hilum');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Hilum');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Hilum');
}

export function resolveDataDir(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return path.resolve(flag);
  if (env.HILUM_DATA_DIR) return path.resolve(env.HILUM_DATA_DIR);
  return defaultDataDir(process.platform, env);
}
