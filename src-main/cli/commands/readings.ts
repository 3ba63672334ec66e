/** `hilum readings export`: the worklist's final readings as expert labels, a CSV that `hilum dataset import --format csv` reads back. */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { HilumError } from '../../../src-core/errors';
import { exportExpertLabels } from '../../adjudication/exportExpertLabels';
import { latestStoredReview } from '../../app/images/StoredReview';
import { appendAuditEvent } from '../../governance/auditTrail';
import { action } from '../context';
import { formatTable, printResult } from '../output';
import { signIn, withSession, type SessionOptions } from './governanceSession';

/** The roles that may read worklist data in the app (channelAccess `worklist.exportReadings`). */
const readers = new Set(['radiologist', 'engineer', 'admin']);

export function register(program: Command): void {
  const readings = program.command('readings').description("radiologists' readings of the app's worklist");
  withSession(
    readings
      .command('export')
      .description(
        'write the final readings of the latest worklist review as a dataset label CSV (studies with an open adjudication case are left out)',
      ),
  )
    .requiredOption('--review-dir <dir>', 'the review folder the app read (the dataset root: image paths are relative to it)')
    .requiredOption('--out <file>', 'output CSV file')
    .action(
      action(async (ctx, opts: SessionOptions & { reviewDir: string; out: string }) => {
        const { user } = await signIn(ctx, opts);
        if (!readers.has(user.role)) throw new HilumError('FORBIDDEN', `${user.fullName} (${user.role}) may not export readings`, {});
        const review = latestStoredReview(ctx.store());
        if (!review) throw new HilumError('NOT_FOUND', 'no worklist review is stored: run one in the app first', {});
        const out = path.resolve(opts.out);
        const studies = review.studies.flatMap((s) =>
          s.entry ? [{ file: s.file, inputSha256: s.entry.inputSha256, bundleHash: s.entry.bundleHash }] : [],
        );
        const result = exportExpertLabels(ctx.store(), opts.reviewDir, studies, out);
        fs.writeFileSync(out, result.csv);
        // No file name in the append-only trail: a path may carry identifying text.
        appendAuditEvent(ctx.store(), {
          actor: user.username,
          action: 'readings.export',
          recordType: 'expert_label_set',
          recordId: review.bundleHash,
          payload: { rows: result.rows, labels: result.labels, openCases: result.openCases },
        });
        printResult(
          { file: out, rows: result.rows, labels: result.labels, openCases: result.openCases, importArgs: result.importArgs },
          ctx,
          (r) =>
            formatTable([
              ['file', r.file],
              ['readings', String(r.rows)],
              ['labels', r.labels.join(', ')],
              ['left out (open adjudication)', String(r.openCases)],
              ['import with', `hilum ${r.importArgs.join(' ')} --name <dataset name>`],
            ]),
        );
      }),
    );
}
