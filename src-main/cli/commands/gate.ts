/**
 * `hilum gate --model <id> --gates <file>`: evaluate validation gates on stored metrics, store and audit the result (exit 3 when any gate fails);
 * `hilum gate-spec register | approve | list`: gate specs as controlled records; `hilum gate-history --model <id>`: every evaluation, failures included.
 */
import type { Command } from 'commander';
import {
  approveGateSpec,
  gateSpecApproval,
  gateSpecStatement,
  getGateSpec,
  listGateSpecs,
  registerGateSpec,
} from '../../governance/gateSpecs';
import { authorize } from '../../governance/authorize';
import { evaluateModelGates, gateEvaluationHistory, loadGatesFile } from '../../governance/gateEvaluation';
import { readPasswords } from '../../governance/readPasswords';
import type { GateResult } from '../../../src-core/governance';
import { exitCodes } from '../exitCodes';
import { action } from '../context';
import { formatTable, printResult } from '../output';
import { signIn, withSession, type SessionOptions } from './governanceSession';

export function register(program: Command): void {
  withSession(
    program
      .command('gate')
      .description(
        "evaluate a gates file (YAML or JSON, see resources/gates/) on a model's stored metrics; the file is registered as a gate spec; exit 3 if any gate fails",
      ),
  )
    .requiredOption('--model <id>', 'model id')
    .requiredOption('--gates <file>', 'gates file')
    .action(
      action(async (ctx, opts: SessionOptions & { model: string; gates: string }) => {
        const spec = loadGatesFile(opts.gates);
        const { user } = await signIn(ctx, opts);
        const result = evaluateModelGates(ctx.store(), user, opts.model, spec);
        printResult(result, ctx, (r) =>
          [
            `gates "${r.name}" v${r.gateSpecVersion} (spec ${r.gateSpecId}) on model ${r.modelId}: ${r.passed ? 'PASSED' : 'FAILED'} (evaluation ${r.id})`,
            ...r.results.map((g) => `  ${g.passed ? 'pass' : 'FAIL'}  ${g.id}: ${g.reason}`),
          ].join('\n'),
        );
        return result.passed ? exitCodes.ok : exitCodes.gateFailed;
      }),
    );

  const spec = program
    .command('gate-spec')
    .description('gate specs (acceptance criteria) as controlled records: registered, then approved by QA with an e-signature');
  withSession(spec.command('register').description('register a gates file (content hash, version)'))
    .requiredOption('--gates <file>', 'gates file')
    .action(
      action(async (ctx, opts: SessionOptions & { gates: string }) => {
        const parsed = loadGatesFile(opts.gates);
        const { user } = await signIn(ctx, opts);
        printResult(registerGateSpec(ctx.store(), user, parsed), ctx, (r) =>
          formatTable([
            ['gate spec', r.id],
            ['name', `${r.name} v${r.version}`],
            ['content hash', r.specHash],
            ['registered by', r.registeredBy],
          ]),
        );
      }),
    );
  withSession(spec.command('approve').description('approve a gate spec by e-signature (QA; not the person who registered it)'))
    .requiredOption('--spec <id>', 'gate spec id')
    .action(
      action(async (ctx, opts: SessionOptions & { spec: string }) => {
        // The statement of intent is shown before the password is asked.
        process.stderr.write(`${gateSpecStatement(getGateSpec(ctx.store(), opts.spec))}\n`);
        const [password] = await readPasswords([`password for ${opts.as} (approving the gate spec)`], Boolean(opts.passwordStdin));
        const s = approveGateSpec(ctx.store(), { specId: opts.spec, username: opts.as, password: password! });
        printResult(s, ctx, (r) =>
          formatTable([
            ['approved by', `${r.printedName} (${r.role})`],
            ['time (UTC)', r.signedAt],
            ['content hash', r.recordHash],
            ['statement', r.statement],
          ]),
        );
      }),
    );
  spec
    .command('list')
    .description('registered gate specs and whether each is approved')
    .action(
      action(async (ctx) => {
        const rows = listGateSpecs(ctx.store()).map((g) => ({ ...g, approval: gateSpecApproval(ctx.store(), g) }));
        printResult(
          rows,
          ctx,
          (r) =>
            r
              .map(
                (g) =>
                  `${g.id}  ${g.name} v${g.version}  ${g.approval ? `approved by ${g.approval.printedName} at ${g.approval.signedAt}` : 'NOT APPROVED'}  ${g.specHash.slice(0, 16)}...`,
              )
              .join('\n') || 'no gate specs',
        );
      }),
    );

  withSession(program.command('gate-history').description('every gate evaluation of a model, oldest first, failures included'))
    .requiredOption('--model <id>', 'model id')
    .action(
      action(async (ctx, opts: SessionOptions & { model: string }) => {
        const { user } = await signIn(ctx, opts);
        authorize(ctx.store(), user, 'model.view');
        const history = gateEvaluationHistory(ctx.store(), opts.model).map((g) => ({
          ...g,
          results: JSON.parse(g.resultsJson) as GateResult[],
        }));
        printResult(
          history,
          ctx,
          (h) =>
            h
              .map((g) =>
                [
                  `${g.evaluatedAt}  ${g.gatesName} (spec ${g.gateSpecId ?? 'unregistered'})  ${g.passed ? 'PASSED' : 'FAILED'}  by ${g.evaluatedBy}  evaluation ${g.id}`,
                  ...g.results.filter((r) => !r.passed).map((r) => `    FAIL ${r.id}: ${r.reason}`),
                ].join('\n'),
              )
              .join('\n') || 'no gate evaluations',
        );
      }),
    );
}
