// Child process for the crash-safety test: writes job_runs rows in transactions and prints each id
// only after its transaction has committed (an "acknowledged" write), until it is killed.
import { openStore } from '../../../src-main/store/openStore';
import { jobRuns } from '../../../src-main/store/schema';

const store = openStore({ dataDir: process.argv[2]! });
let n = 0;
const insertBatch = store.sqlite.transaction((id: string) => {
  store.db
    .insert(jobRuns)
    .values({
      id,
      job: 'diagnostics.echo',
      status: 'succeeded',
      paramsJson: JSON.stringify({ pad: 'x'.repeat(2000) }),
      startedAt: new Date().toISOString(),
    })
    .run();
});
for (;;) {
  const id = `${process.pid}-${n++}`;
  insertBatch(id);
  process.stdout.write(`${id}\n`);
}
