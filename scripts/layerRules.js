// The layering rules of Hilum as data: which folder may not import what.
// src-core: pure TypeScript (only relative imports inside src-core, plus zod, the schema library).
// src-renderer: browser only (no Node built-ins, no main/worker code, no native modules).
// electron: only under src-main/electron/.
// src-worker: never imported by src-main (heavy work runs as jobs in the worker pool), except the
// worker's own Electron entry; files not yet converted are on an explicit, temporary list below.
const nodeBuiltins = [
  'assert',
  'buffer',
  'child_process',
  'cluster',
  'crypto',
  'dgram',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'http2',
  'https',
  'module',
  'net',
  'os',
  'path',
  'perf_hooks',
  'process',
  'readline',
  'stream',
  'string_decoder',
  'timers',
  'tls',
  'tty',
  'url',
  'util',
  'v8',
  'vm',
  'worker_threads',
  'zlib',
];
const builtinRegex = `^(node:.*|(${nodeBuiltins.map((name) => name.replace('/', '\\/')).join('|')})(\\/.*)?)$`;

const noElectron = { regex: '^electron(/.*)?$', message: 'Only src-main/electron/ may import electron.' };
const noRenderer = { regex: '(^|/)src-renderer(/|$)', message: 'Main never imports renderer code.' };
const noWorker = {
  regex: '(^|/)src-worker(/|$)',
  message:
    'src-main never runs worker code in its own thread: declare a job in src-core/contracts/jobs and run it through the worker pool (src-main/worker).',
};

// tools/ (phantoms, the DICOM writer, fuzzing, transcoding) is test and demo tooling outside the product:
// the product reaches it only as a child process (src-main/demo/runPhantomsTool.ts). Matches relative
// specifiers only, so packages such as @cornerstonejs/tools stay allowed.
const noTools = {
  regex: '^(\\.{1,2}/)+tools(/|$)',
  message: 'Product code never imports tools/: run the tool as a child process (see docs/ARCHITECTURE.md, "Tools").',
};

/** The only src-main files that may import src-worker: the utilityProcess entry is worker code that Electron starts. */
export const srcWorkerImportAllowed = ['src-main/electron/workerUtilityEntry.ts'];

export const layerRules = [
  {
    files: ['src-core/**/*.ts'],
    patterns: [
      // zod is the one package src-core may use: the schema library (pure TypeScript, no I/O) behind src-core/validate.
      {
        regex: '^(?!zod(/.*)?$)[^.]',
        message: 'src-core is pure TypeScript: it imports only from src-core and zod (no other packages, no node:*).',
      },
      { regex: '(^|/)(src-main|src-worker|src-renderer)(/|$)', message: 'src-core imports nothing outside itself.' },
      noTools,
    ],
  },
  {
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.js', 'src-renderer/**/*.svelte'],
    patterns: [
      { regex: builtinRegex, message: 'The renderer runs in a browser sandbox: no Node built-ins.' },
      { regex: '(^|/)(src-main|src-worker)(/|$)', message: 'The renderer talks to main only through the src-core contract.' },
      {
        regex: '^(electron|better-sqlite3|drizzle-orm.*|onnxruntime-node|@tensorflow/tfjs-node.*|pdfkit)$',
        message: 'Not available in the renderer.',
      },
      noTools,
    ],
  },
  {
    files: ['src-worker/**/*.ts'],
    patterns: [
      { regex: '^electron(/.*)?$', message: 'Only src-main/electron/ may import electron.' },
      { regex: '(^|/)(src-main|src-renderer)(/|$)', message: 'The worker may import only src-core and its own code.' },
      noTools,
    ],
  },
  {
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/electron/**'],
    patterns: [noElectron, noRenderer, noWorker, noTools],
  },
  {
    files: ['src-main/electron/**/*.ts'],
    ignores: srcWorkerImportAllowed,
    patterns: [noRenderer, noWorker, noTools],
  },
  {
    files: srcWorkerImportAllowed,
    patterns: [noRenderer, noTools],
  },
  {
    // Tools may use product code (src-core, src-worker, src-main), never electron or the renderer.
    files: ['tools/**/*.ts'],
    patterns: [noElectron, noRenderer],
  },
];
