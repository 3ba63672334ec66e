// The controlled-records CLI in-process (commander, real store): gate-spec register/approve/list, policy create/set-default/show,
// gate, gate-history, sign (statement shown before the password), lock (receipt with the signed head), user unlock.
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Command } from 'commander';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { register as registerGate } from '../../../src-main/cli/commands/gate';
import { register as registerLock } from '../../../src-main/cli/commands/lock';
import { register as registerSign } from '../../../src-main/cli/commands/sign';
import { register as registerUser } from '../../../src-main/cli/commands/user';
import { authenticate, recordModelMetrics, registerModel } from '../../../src-main/governance';
import { openStore } from '../../../src-main/store/openStore';
import { repoRoot } from '../../helpers/paths';
import { runCommandInProcess } from '../../helpers/runCommandInProcess';
import { createTeam, evaluationFor, makeBundle, passwords, removeTempDirs, tempDir } from './governanceFixtures';

afterAll(removeTempDirs);

const registerAll = (program: Command) => {
  registerGate(program);
  registerLock(program);
  registerSign(program);
  registerUser(program);
};

/** Runs one command with `lines` on stdin (for --password-stdin); returns stdout, stderr and the exit code. */
async function hilum(
  dataDir: string,
  args: string[],
  lines: string[] = [],
): Promise<{ stdout: string; stderr: string; exitCode: number | undefined; json: unknown }> {
  const stdin = process.stdin;
  Object.defineProperty(process, 'stdin', { value: Readable.from([Buffer.from(lines.map((l) => `${l}\n`).join(''))]), configurable: true });
  let stderr = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const r = await runCommandInProcess(registerAll, ['--json', '--data-dir', dataDir, ...args]);
    return { ...r, stderr, json: r.stdout ? JSON.parse(r.stdout) : null };
  } finally {
    spy.mockRestore();
    Object.defineProperty(process, 'stdin', { value: stdin, configurable: true });
  }
}

describe('governance commands for controlled records', () => {
  it('walks a model from an unapproved gates file to a lock receipt', async () => {
    const dataDir = tempDir('commands');
    const store = openStore({ dataDir });
    let modelId: string;
    try {
      const team = createTeam(store);
      const m = registerModel(store, team.eng, { name: 'cxr', version: '1', ...makeBundle(path.join(tempDir('commands-b'), 'b'), 'cmd') });
      recordModelMetrics(store, team.eng, m.id, 'evaluation', evaluationFor('evaluation-strong.json', m.bundleHash), 'external');
      modelId = m.id;
    } finally {
      store.close();
    }
    const gates = path.join(repoRoot, 'resources/gates/research-minimal.json');
    const spec = (await hilum(dataDir, ['gate-spec', 'register', '--as', 'eng', '--password-stdin', '--gates', gates], [passwords.eng]))
      .json as { id: string; version: number };
    expect(spec.version).toBe(1);
    expect(((await hilum(dataDir, ['gate-spec', 'list'])).json as Array<{ id: string; approval: unknown }>)[0]).toMatchObject({
      id: spec.id,
      approval: null,
    });
    await expect(
      hilum(dataDir, ['gate-spec', 'approve', '--as', 'eng', '--password-stdin', '--spec', spec.id], [passwords.eng]),
    ).rejects.toThrowError(expect.objectContaining({ code: 'FORBIDDEN' }));
    const approval = await hilum(dataDir, ['gate-spec', 'approve', '--as', 'qa', '--password-stdin', '--spec', spec.id], [passwords.qa]);
    expect(approval.stderr).toMatch(/I approve gate spec "research-minimal" version 1/);
    expect(approval.json).toMatchObject({
      printedName: 'Quinn Quality',
      meaning: 'approved',
      statement: expect.stringMatching(/legally binding/),
    });

    const policyFile = path.join(tempDir('commands-policy'), 'policy.yaml');
    fs.writeFileSync(
      policyFile,
      'requiredSignatures:\n  - { meaning: authored, roles: [engineer] }\n  - { meaning: approved, roles: [qa] }\n',
    );
    await expect(
      hilum(
        dataDir,
        ['policy', 'create', '--as', 'qa', '--password-stdin', '--name', 'mine', '--file', policyFile, '--gate-spec', spec.id],
        [passwords.qa],
      ),
    ).rejects.toThrowError(expect.objectContaining({ code: 'FORBIDDEN' }));
    const policy = (
      await hilum(
        dataDir,
        ['policy', 'create', '--as', 'admin', '--password-stdin', '--name', 'release', '--file', policyFile, '--gate-spec', spec.id],
        [passwords.admin],
      )
    ).json as { id: string };
    await hilum(dataDir, ['policy', 'set-default', '--as', 'admin', '--password-stdin', '--policy', policy.id], [passwords.admin]);
    expect((await hilum(dataDir, ['policy', 'show', '--policy', policy.id])).json).toMatchObject({
      policy: { gateSpecId: spec.id, distinctSigners: true, authorMayApprove: false },
    });

    const gate = await hilum(dataDir, ['gate', '--as', 'eng', '--password-stdin', '--model', modelId, '--gates', gates], [passwords.eng]);
    expect(gate.json).toMatchObject({ passed: true, gateSpecId: spec.id });
    const signed = await hilum(
      dataDir,
      ['sign', '--as', 'eng', '--password-stdin', '--model', modelId, '--meaning', 'authored'],
      [passwords.eng],
    );
    expect(signed.stderr).toMatch(/^I am the author of this model record/);
    await hilum(dataDir, ['sign', '--as', 'qa', '--password-stdin', '--model', modelId, '--meaning', 'approved'], [passwords.qa]);
    const receipt = await hilum(dataDir, ['lock', '--as', 'qa', '--password-stdin', '--model', modelId], [passwords.qa]);
    expect(receipt.json).toMatchObject({
      lock: { modelId },
      auditHead: { seq: expect.any(Number), keyFingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    expect((await hilum(dataDir, ['gate-history', '--as', 'qa', '--password-stdin', '--model', modelId], [passwords.qa])).json).toEqual([
      expect.objectContaining({ passed: true, gateSpecId: spec.id }),
    ]);
  }, 120_000);

  it('unlocks a locked-out account only for an admin', async () => {
    const dataDir = tempDir('commands-unlock');
    const store = openStore({ dataDir });
    try {
      createTeam(store);
      for (let i = 0; i < 5; i++) expect(() => authenticate(store, 'eng', 'Wrong-pass-99')).toThrow();
      expect(() => authenticate(store, 'eng', passwords.eng)).toThrowError(expect.objectContaining({ code: 'ACCOUNT_LOCKED' }));
    } finally {
      store.close();
    }
    await expect(
      hilum(dataDir, ['user', 'unlock', '--as', 'qa', '--password-stdin', '--username', 'eng'], [passwords.qa]),
    ).rejects.toThrowError(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(
      (await hilum(dataDir, ['user', 'unlock', '--as', 'admin', '--password-stdin', '--username', 'eng'], [passwords.admin])).json,
    ).toEqual({ unlocked: 'eng' });
    const after = openStore({ dataDir });
    try {
      expect(authenticate(after, 'eng', passwords.eng).username).toBe('eng');
    } finally {
      after.close();
    }
  }, 120_000);
});
