/**
 * ONNX Runtime's version and execution providers. onnxruntime-node lists the providers it knows;
 * a non-bundled one (CUDA, TensorRT) is available only if its shared library was installed.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface ExecutionProviderStatus {
  name: string;
  available: boolean;
  reason?: string;
}

export async function probeOnnxRuntime(): Promise<{ version: string; executionProviders: ExecutionProviderStatus[] }> {
  const require = createRequire(import.meta.url);
  const packageJson = require.resolve('onnxruntime-node/package.json');
  const version = (JSON.parse(fs.readFileSync(packageJson, 'utf8')) as { version: string }).version;
  const ort = await import('onnxruntime-node');
  const binDir = path.join(path.dirname(packageJson), 'bin', 'napi-v6', process.platform, process.arch);
  const providers = ort.listSupportedBackends().map(({ name, bundled }): ExecutionProviderStatus => {
    if (name === 'cpu') return { name, available: true };
    if (name === 'webgpu') return { name, available: false, reason: 'bundled, but needs a GPU adapter (none on this machine)' };
    if (bundled) return { name, available: true };
    const lib = fs.existsSync(binDir) ? fs.readdirSync(binDir).find((file) => file.includes(`providers_${name}`)) : undefined;
    return lib
      ? { name, available: true, reason: lib }
      : {
          name,
          available: false,
          reason: `${name} provider library not installed (installed with ONNXRUNTIME_NODE_INSTALL=skip, or no ${name.toUpperCase()} here)`,
        };
  });
  return { version, executionProviders: providers };
}
