/**
 * Why Dawn (npm `webgpu`) may find no adapter on Linux, in words for the doctor report: no Vulkan loader, no
 * Vulkan driver (ICD), or only drivers Dawn rejects. Measured here: Debian 12's Mesa lavapipe 22.3 is rejected
 * ("Vulkan shaderUniform*ArrayDynamicIndexing required"), so CPU-only machines have no Node adapter.
 */
import fs from 'node:fs';
import path from 'node:path';

const libDirs = ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib64', '/usr/lib', '/usr/local/lib'];
const icdDirs = ['/usr/share/vulkan/icd.d', '/etc/vulkan/icd.d', '/usr/local/share/vulkan/icd.d'];

export function describeVulkan(): string {
  if (process.platform !== 'linux') return `Dawn uses ${process.platform === 'win32' ? 'D3D12' : 'Metal'} here`;
  if (!libDirs.some((d) => fs.existsSync(path.join(d, 'libvulkan.so.1')))) return 'no Vulkan loader (libvulkan.so.1; Debian: libvulkan1)';
  const icds = icdDirs.flatMap((d) => (fs.existsSync(d) ? fs.readdirSync(d).filter((f) => f.endsWith('.json')) : []));
  if (icds.length === 0) return 'Vulkan loader present but no Vulkan driver (ICD) installed';
  const software = icds.some((f) => f.startsWith('lvp_'))
    ? "; lavapipe (Mesa's CPU driver) is among them: Debian 12's Mesa 22.3 lavapipe was measured to lack features Dawn requires"
    : '';
  return `Vulkan drivers installed (${icds.map((f) => f.replace(/\.json$/, '')).join(', ')}) but none offered Dawn a usable GPU${software}`;
}
