/** `hilum doctor`: which engines, stores and binaries can start on this machine. */
import type { Command } from 'commander';
import { collectDoctorReport } from '../../system/collectDoctorReport';
import { action } from '../context';
import { formatTable, printResult } from '../output';

export function register(program: Command): void {
  program
    .command('doctor')
    .description('report Node, tfjs backends, ONNX Runtime providers, SQLite, the data directory and the Electron binary')
    .action(
      action(async (ctx) => {
        const report = await collectDoctorReport({ store: ctx.store(), host: ctx.host() });
        printResult(report, ctx, (r) =>
          formatTable([
            ['Node', r.node],
            ['platform', r.platform],
            [
              'tfjs backends',
              r.tfjsBackends
                .map((b) => `${b.name}: ${b.available ? `yes${b.detail ? ` (${b.detail})` : ''}` : `no (${b.reason ?? 'unavailable'})`}`)
                .join('\n' + ' '.repeat(16)),
            ],
            [
              'ONNX Runtime',
              `${r.onnxRuntime.version}; ${r.onnxRuntime.executionProviders.map((p) => `${p.name}: ${p.available ? 'yes' : 'no'}`).join(', ')}`,
            ],
            ['training', trainingLine(r)],
            ['SQLite', r.sqlite.version],
            ['data directory', r.dataDir],
            [
              'Electron binary',
              r.electronBinary.present ? `present (${r.electronBinary.path})` : `absent (${r.electronBinary.reason ?? ''})`,
            ],
            [
              'worker',
              r.worker.available ? `ok (started and answered in ${r.worker.roundTripMs?.toFixed(0)} ms)` : `failed (${r.worker.reason})`,
            ],
          ]),
        );
      }),
    );
}

/** What `engine: auto` trains with here (resolveTrainingEngine), read off the probes above. */
function trainingLine(r: Awaited<ReturnType<typeof collectDoctorReport>>): string {
  const ortCpu = r.onnxRuntime.executionProviders.some((p) => p.name === 'cpu' && p.available);
  const tfjs = r.tfjsBackends.find((b) => b.available && b.name !== 'webgpu')?.name ?? 'none';
  return ortCpu
    ? `fine-tuning and MAE pretraining: ONNX Runtime training graphs on the CPU (engine auto); linear probes: tfjs ${tfjs}`
    : `training with engine auto needs ONNX Runtime's CPU provider, unavailable here: set engine: tfjs (tfjs ${tfjs})`;
}
