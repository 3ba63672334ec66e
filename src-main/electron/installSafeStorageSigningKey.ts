/** Hands Electron's safeStorage to the sealed signing key (src-main/governance/sealedSigningKey.ts); call after `app` is ready. Cannot run headless: the logic behind it is tested in Node with a fake sealer. */
import { safeStorage } from 'electron';
import { useSealedSigningKey } from '../governance/sealedSigningKey';

export function installSafeStorageSigningKey(): string {
  return useSealedSigningKey(safeStorage);
}
