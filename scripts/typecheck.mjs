// Type-checks each runtime with its own tsconfig, so DOM types exist only in the renderer and
// Node types never reach src-core. Exits non-zero on the first failing project.
import { spawnSync } from 'node:child_process';

const projects = ['src-core', 'src-worker', 'src-main', 'src-renderer', 'tools', '.'];
let failed = false;
for (const project of projects) {
  const started = Date.now();
  const run = spawnSync('npx', ['tsc', '-p', project === '.' ? 'tsconfig.json' : `${project}/tsconfig.json`], { stdio: 'inherit' });
  console.log(`typecheck ${project}: ${run.status === 0 ? 'ok' : 'FAILED'} (${Date.now() - started} ms)`);
  if (run.status !== 0) failed = true;
}
const svelte = spawnSync(
  'npx',
  ['svelte-check', '--tsconfig', 'src-renderer/tsconfig.json', '--fail-on-warnings=false', '--output', 'human'],
  { stdio: 'inherit' },
);
console.log(`svelte-check: ${svelte.status === 0 ? 'ok' : 'FAILED'}`);
if (svelte.status !== 0) failed = true;
process.exit(failed ? 1 : 0);
