/** `hilum model predict`: logits and pooled features of one image (PNG / JPEG / DICOM) or float32 .npy input, as a `model.predict` job. */
import type { Command } from 'commander';
import { HilumError } from '../../../src-core/errors';
import { action } from '../context';
import { formatTable, printResult } from '../output';

export function register(program: Command): void {
  const model = program.commands.find((c) => c.name() === 'model') ?? program.command('model').description('model utilities');
  model
    .command('predict')
    .description('print logits and features; the head follows the weights when its size differs from the preset')
    .requiredOption('--config <preset|file>', 'ViT preset (vit-micro, vit-ti16, vit-s16, vit-b16) or a JSON config with a model section')
    .requiredOption('--weights <file>', 'weights (.safetensors; timm, MAE or torchvision layout)')
    .option('--image <file>', 'PNG, JPEG or DICOM image')
    .option('--input <file>', 'float32 .npy [H,W] or [1,1,H,W], fed as-is')
    .option('--backend <name>', 'tensorflow, webgpu, wasm or cpu (default: first available)')
    .action(
      action(
        async (
          ctx,
          opts: { config: string; weights: string; image?: string; input?: string; backend?: 'tensorflow' | 'webgpu' | 'wasm' | 'cpu' },
        ) => {
          if (Boolean(opts.image) === Boolean(opts.input))
            throw new HilumError('INVALID_ARGUMENT', 'give exactly one of --image or --input', {});
          const r = await ctx.host().run('model.predict', {
            config: opts.config,
            weights: opts.weights,
            ...(opts.image ? { image: opts.image } : {}),
            ...(opts.input ? { input: opts.input } : {}),
            ...(opts.backend ? { backend: opts.backend } : {}),
          });
          printResult({ logits: r.logits, features: r.features }, ctx, (v) =>
            formatTable([
              ['backend', r.backend],
              ['logits', v.logits.map((x) => x.toFixed(4)).join(' ')],
              ['features', `${v.features.length} values`],
              ...r.notes.map((n): [string, string] => ['note', n]),
            ]),
          );
        },
      ),
    );
}
