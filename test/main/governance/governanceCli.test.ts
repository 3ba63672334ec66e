import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { authenticate, createUser, recordModelMetrics, registerModel } from '../../../src-main/governance';
import { openStore, storeFileName } from '../../../src-main/store/openStore';
import { repoRoot } from '../../helpers/paths';
import { loadFixture, makeBundle, tempDir, removeTempDirs } from './governanceFixtures';

function hilum(dataDir: string, args: string[], stdin = '') {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin/hilum.mjs'), '--data-dir', dataDir, ...args], {
    input: stdin,
    encoding: 'utf8',
    cwd: repoRoot,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

afterAll(removeTempDirs);

describe('governance CLI', () => {
  it('creates the first admin, gates with exit 3 on failure, exports the trail, and audit verify names a tampered record with exit 1', () => {
    const dataDir = tempDir('cli');
    const created = hilum(
      dataDir,
      ['--json', 'user', 'create-admin', '--username', 'admin', '--name', 'Ada Admin', '--password-stdin'],
      'Ada-pass-001\n',
    );
    expect(created.code, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ username: 'admin', role: 'admin' });
    // Set up the rest through the service API (faster than one process per step).
    const store = openStore({ dataDir });
    const admin = authenticate(store, 'admin', 'Ada-pass-001');
    const eng = createUser(store, admin, { username: 'eng', fullName: 'Erin Engineer', role: 'engineer', password: 'Erin-pass-12' });
    const weak = registerModel(store, eng, { name: 'weak', version: '1', ...makeBundle(path.join(dataDir, 'bundle'), 'weak') });
    recordModelMetrics(store, eng, weak.id, 'evaluation', loadFixture('evaluation-weak.json'), 'external');
    store.close();

    const gate = hilum(
      dataDir,
      ['--json', 'gate', '--as', 'eng', '--password-stdin', '--model', weak.id, '--gates', 'resources/gates/release-default.yaml'],
      'Erin-pass-12\n',
    );
    expect(gate.code, gate.stderr).toBe(3);
    const result = JSON.parse(gate.stdout) as { passed: boolean; results: Array<{ id: string; passed: boolean; reason: string }> };
    expect(result.passed).toBe(false);
    expect(result.results.find((r) => r.id === 'far-ood-auroc')).toMatchObject({
      passed: false,
      reason: expect.stringMatching(/missing metric/),
    });

    const ok = hilum(dataDir, ['--json', 'audit', 'verify']);
    expect(ok.code).toBe(0);
    const events = (JSON.parse(ok.stdout) as { eventsChecked: number }).eventsChecked;
    expect(events).toBe(6); // createAdmin, create, register, metrics.create, gate_spec.register, gate.failed
    // A sign-in attempt whose typed user name is a spreadsheet formula lands in the trail as the actor.
    const s2 = openStore({ dataDir });
    expect(() => authenticate(s2, '=HYPERLINK("http://x")', 'whatever-1')).toThrowError(expect.objectContaining({ code: 'AUTH_FAILED' }));
    s2.close();

    const head = hilum(dataDir, ['--json', 'audit', 'head']);
    expect(head.code, head.stderr).toBe(0);
    const witnessFile = path.join(tempDir('cli-witness'), 'head.json');
    fs.writeFileSync(witnessFile, head.stdout);
    expect(JSON.parse(head.stdout)).toMatchObject({
      seq: 7,
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      keyFingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const fingerprint = (JSON.parse(head.stdout) as { keyFingerprint: string }).keyFingerprint;
    const pinned = hilum(dataDir, ['--json', 'audit', 'verify', '--trusted-key', fingerprint, '--witness', witnessFile]);
    expect(pinned.code, pinned.stdout).toBe(0);
    expect(JSON.parse(pinned.stdout)).toMatchObject({ ok: true, witnessesChecked: 1, trustedKeys: [fingerprint] });

    const exported = hilum(
      dataDir,
      ['audit', 'export', '--as', 'admin', '--password-stdin', '--out', path.join(dataDir, 'audit.csv')],
      'Ada-pass-001\n',
    );
    expect(exported.code, exported.stderr).toBe(0);
    const csv = fs.readFileSync(path.join(dataDir, 'audit.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('seq,at,actor,action,recordType,recordId,beforeHash,afterHash,payloadJson,prevHash,hash');
    expect(csv.length).toBe(events + 1 + 1 + 1); // header, events, the auth.failed above, the signed head
    expect(csv.some((l) => /,gate\.failed,/.test(l))).toBe(true);
    // Formula injection: the cell is neutralised with a leading apostrophe.
    expect(csv.find((l) => l.includes('auth.failed'))).toMatch(/,"'=HYPERLINK\(""http:\/\/x""\)",auth\.failed,/);
    expect(csv.at(-1)).toMatch(/^signed-head,seq 7,[0-9a-f]{64},key [0-9a-f]{64},/);

    const db = new Database(path.join(dataDir, storeFileName));
    db.exec('DROP TRIGGER audit_events_no_update');
    db.prepare("UPDATE audit_events SET actor = 'mallory' WHERE seq = 4").run();
    db.close();
    const broken = hilum(dataDir, ['--json', 'audit', 'verify']);
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.stdout)).toMatchObject({
      ok: false,
      firstBad: { seq: 4, kind: 'hash_mismatch', record: 'audit_events seq 4' },
    });
    const human = hilum(dataDir, ['audit', 'verify', '--witness', witnessFile]);
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(/audit trail BROKEN: audit_events seq 4: .*record edited/);
  }, 300_000); // eight CLI processes: minutes on a loaded 2-core machine
});
