// `hilum predict` serves only registered, locked models: an unregistered or altered (re-hashed) bundle is refused unless
// --allow-unlocked (audited, outputs marked); a bundle whose ONNX outputs do not match its labels is refused at load.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildManifest, canonicalManifestBytes, MANIFEST_FILE } from '../../../src-core/bundle';
import { register } from '../../../src-main/cli/commands/predict';
import {
  evaluateModelGates,
  hashBundleOnDisk,
  loadGatesFile,
  lockModel,
  recordModelMetrics,
  registerModel,
  signModel,
} from '../../../src-main/governance';
import { researchUseMark } from '../../../src-main/governance/authorizeServing';
import { openStore } from '../../../src-main/store/openStore';
import { exportOnnx } from '../../../src-worker/onnx/exportOnnx';
import { hashedVitWeights } from '../../fixtures/onnx/hashedVitWeights';
import { repoRoot } from '../../helpers/paths';
import { runCommandInProcess } from '../../helpers/runCommandInProcess';
import { makeMicroBundle, nihDir } from '../bundle/makeMicroBundle';
import { approvedReleasePolicy, createTeam, evaluationFor, passwords, removeTempDirs, tempDir } from './governanceFixtures';

let bundleDir: string;
const image = path.join(nihDir, '00000001_000.png');
const run = (args: string[]) => runCommandInProcess(register, args);

/** Copies a bundle, lets `change` edit files, then rewrites manifest.json so the copy is internally consistent (a new hash). */
function rehashedCopy(source: string, change: (dir: string) => void | Promise<void>): Promise<string> | string {
  const dir = path.join(tempDir('altered'), 'bundle');
  fs.cpSync(source, dir, { recursive: true });
  const finish = () => {
    const names = fs.readdirSync(dir).filter((f) => f !== MANIFEST_FILE);
    const entries = names.map((p) => {
      const bytes = fs.readFileSync(path.join(dir, p));
      return { path: p, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length };
    });
    fs.writeFileSync(path.join(dir, MANIFEST_FILE), canonicalManifestBytes(buildManifest(entries)));
    return dir;
  };
  const r = change(dir);
  return r instanceof Promise ? r.then(finish) : finish();
}

function auditActions(dataDir: string): Array<{ action: string; actor: string; payload: Record<string, unknown> }> {
  const store = openStore({ dataDir });
  try {
    return (
      store.sqlite.prepare('SELECT action, actor, payload_json FROM audit_events ORDER BY seq').all() as Array<{
        action: string;
        actor: string;
        payload_json: string;
      }>
    ).map((r) => ({ action: r.action, actor: r.actor, payload: JSON.parse(r.payload_json) as Record<string, unknown> }));
  } finally {
    store.close();
  }
}

beforeAll(async () => {
  bundleDir = (await makeMicroBundle(path.join(tempDir('serving'), 'bundle'))).dir;
}, 120_000);
afterAll(removeTempDirs);

describe('serving checks the registry', () => {
  it('refuses an unregistered bundle (audited); --allow-unlocked runs it as research use, marked and audited', async () => {
    const dataDir = tempDir('serve-unregistered');
    await expect(run(['--json', '--data-dir', dataDir, 'predict', '--bundle', bundleDir, image])).rejects.toThrowError(
      expect.objectContaining({ code: 'MODEL_NOT_LOCKED', message: expect.stringMatching(/no locked model has bundle hash/) }),
    );
    const fhir = tempDir('serve-fhir');
    const { stdout, exitCode } = await run([
      '--json',
      '--data-dir',
      dataDir,
      'predict',
      '--bundle',
      bundleDir,
      '--allow-unlocked',
      '--fhir',
      fhir,
      image,
    ]);
    expect(exitCode ?? 0).toBe(0);
    const doc = JSON.parse(stdout) as {
      releaseStatus: string;
      locked: boolean;
      authenticated: boolean;
      actor: string;
      results: Array<{ fhirFile: string }>;
    };
    expect(doc).toMatchObject({
      releaseStatus: researchUseMark,
      locked: false,
      authenticated: false,
      actor: `system:${os.userInfo().username}`,
    });
    const bundle = JSON.parse(fs.readFileSync(doc.results[0]!.fhirFile, 'utf8')) as {
      meta: { tag: Array<{ display: string }> };
      entry: Array<{ resource: { resourceType: string; conclusion?: string } }>;
    };
    expect(bundle.meta.tag.map((t) => t.display)).toContain(researchUseMark);
    // Every FHIR report carries the signed audit head (a witness) and the signing key fingerprint.
    expect(bundle.meta.tag).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ system: 'urn:hilum:audit-head', code: expect.stringMatching(/^\d+:[0-9a-f]{64}$/) }),
        expect.objectContaining({ system: 'urn:hilum:audit-signing-key' }),
      ]),
    );
    expect(bundle.entry.find((e) => e.resource.resourceType === 'DiagnosticReport')!.resource.conclusion).toMatch(
      /^NOT LOCKED — research use\./,
    );
    const actions = auditActions(dataDir);
    expect(actions.map((a) => a.action)).toEqual(['inference.refused', 'inference.unlocked', 'model.inference.unlocked']);
    expect(actions[2]!.payload).toMatchObject({ authenticated: false, locked: false });
    // No file names in the trail.
    expect(JSON.stringify(actions)).not.toContain('00000001_000');
  }, 120_000);

  it('serves the locked model to an authenticated user, and refuses the same bundle with edited thresholds and a re-hashed manifest', async () => {
    const dataDir = tempDir('serve-locked');
    const store = openStore({ dataDir });
    try {
      const team = createTeam(store);
      const spec = loadGatesFile(path.join(repoRoot, 'resources/gates/research-minimal.json'));
      approvedReleasePolicy(store, team, spec);
      const m = registerModel(store, team.eng, {
        name: 'micro',
        version: '1',
        bundlePath: bundleDir,
        bundleHash: hashBundleOnDisk(bundleDir),
      });
      recordModelMetrics(store, team.eng, m.id, 'evaluation', evaluationFor('evaluation-strong.json', m.bundleHash), 'external');
      evaluateModelGates(store, team.eng, m.id, spec);
      signModel(store, { modelId: m.id, username: 'eng', password: passwords.eng, meaning: 'authored' });
      signModel(store, { modelId: m.id, username: 'qa', password: passwords.qa, meaning: 'approved' });
      lockModel(store, team.qa, m.id);
    } finally {
      store.close();
    }
    const stdin = process.stdin;
    const { Readable } = await import('node:stream');
    Object.defineProperty(process, 'stdin', { value: Readable.from([Buffer.from(`${passwords.rad}\n`)]), configurable: true });
    let served: { stdout: string };
    try {
      served = await run(['--json', '--data-dir', dataDir, 'predict', '--bundle', bundleDir, '--as', 'rad', '--password-stdin', image]);
    } finally {
      Object.defineProperty(process, 'stdin', { value: stdin, configurable: true });
    }
    expect(JSON.parse(served.stdout)).toMatchObject({
      locked: true,
      authenticated: true,
      actor: 'rad',
      releaseStatus: 'locked model micro 1',
    });
    expect(auditActions(dataDir).at(-1)).toMatchObject({
      action: 'model.inference',
      actor: 'rad',
      payload: { authenticated: true, locked: true },
    });

    const altered = await rehashedCopy(bundleDir, (dir) => {
      const file = path.join(dir, 'thresholds.json');
      const t = JSON.parse(fs.readFileSync(file, 'utf8')) as { thresholds: Record<string, number> };
      for (const k of Object.keys(t.thresholds)) t.thresholds[k] = 0.01;
      fs.writeFileSync(file, JSON.stringify(t));
    });
    await expect(run(['--json', '--data-dir', dataDir, 'predict', '--bundle', altered, image])).rejects.toThrowError(
      expect.objectContaining({ code: 'MODEL_NOT_LOCKED' }),
    );
    expect(auditActions(dataDir).at(-1)!.action).toBe('inference.refused');
  }, 120_000);

  it('refuses a bundle whose ONNX model has 3 outputs for 14 labels, before any inference', async () => {
    const three = await rehashedCopy(bundleDir, async (dir) => {
      const config = {
        ...(JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')) as Parameters<typeof exportOnnx>[0]),
        numClasses: 3,
      };
      fs.writeFileSync(path.join(dir, 'model.onnx'), (await exportOnnx(config, hashedVitWeights(config))).bytes);
    });
    const dataDir = tempDir('serve-three');
    await expect(run(['--json', '--data-dir', dataDir, 'predict', '--bundle', three, '--allow-unlocked', image])).rejects.toThrowError(
      expect.objectContaining({
        code: 'BUNDLE_MISMATCH',
        message: expect.stringMatching(/output \(one logit per label\) "logits" has shape \[batch, 3\], the manifest needs \[batch, 14\]/),
      }),
    );
  }, 120_000);
});
