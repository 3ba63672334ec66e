// Child process for the resume test: trains with the config given as argv[2] (JSON) and prints events as JSON lines.
// Training samples are served slowly so the parent can kill -9 it in the middle of an epoch.
import { parseTrainConfig } from '../../../../src-core/model/trainConfig';
import type { DataSource } from '../../../../src-core/model/dataSource';
import { syntheticSource } from '../../../../src-core/model/syntheticSource';
import { trainVit } from '../../../../src-worker/model/trainVit';

function slow(src: DataSource, ms: number): DataSource {
  return {
    size: src.size,
    fingerprint: src.fingerprint,
    get: async (i) => {
      await new Promise((r) => setTimeout(r, ms));
      return src.get(i);
    },
  };
}

const config = parseTrainConfig(JSON.parse(process.argv[2]!));
const delay = Number(process.argv[3] ?? '0');
await trainVit({
  config,
  train: slow(syntheticSource(24, 32, 3, 1), delay),
  val: syntheticSource(16, 32, 3, 2),
  onEvent: (e) => process.stdout.write(`${JSON.stringify(e)}\n`),
});
process.stdout.write('{"type":"done"}\n');
