/** `hilum app serve`: the UI in a browser through the loopback dev host (127.0.0.1, random port and token). */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { HilumError } from '../../../src-core/errors';
import { createAppHandlers } from '../../app/createAppHandlers';
import { JobRegistry } from '../../app/JobRegistry';
import { ReviewStudies } from '../../app/images/ReviewStudies';
import { defaultRendererDir } from '../../devhost/defaultRendererDir';
import { startDevHost } from '../../devhost/startDevHost';
import { hilumVersion } from '../../version';
import { action } from '../context';

export function register(program: Command): void {
  const app = program.command('app').description('the Hilum user interface');
  app
    .command('serve')
    .description('serve the built UI and the app contract on 127.0.0.1 (random port); prints the URL with its access token')
    .option('--renderer-dir <dir>', 'built renderer folder', defaultRendererDir)
    .option('--review-dir <dir...>', 'folders of DICOM files the viewer may open', [])
    .option('--port <n>', 'port on 127.0.0.1 (default: a free one)', (v) => Number.parseInt(v, 10), 0)
    .action(
      action(async (ctx, options: { rendererDir: string; reviewDir: string[]; port: number }) => {
        const rendererDir = path.resolve(options.rendererDir);
        if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
          throw new HilumError('NOT_FOUND', `${rendererDir}: no built renderer (run \`npm run build\` first)`, { file: rendererDir });
        }
        const handlers = createAppHandlers({
          version: hilumVersion,
          dataDir: ctx.dataDir,
          store: ctx.store,
          host: ctx.host,
          jobs: new JobRegistry(ctx.store),
          studies: new ReviewStudies(options.reviewDir),
        });
        const host = await startDevHost({ handlers, rendererDir, port: options.port });
        // The token is printed once, in the URL fragment, and nowhere else.
        process.stdout.write(
          ctx.json ? `${JSON.stringify({ url: host.url })}\n` : `Hilum is served at ${host.url}\n(127.0.0.1 only; Ctrl+C stops it)\n`,
        );
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        await host.close();
      }),
    );
}
