#!/usr/bin/env node
// The `hilum` command: runs the CLI from TypeScript source through tsx's loader (no build step).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src-main/cli/main.ts');
process.exitCode = await main(process.argv);
