/** Shared set-up for governance tests: a temporary data dir, users of every role, a small bundle directory, the metrics fixtures. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { buildManifest, canonicalManifestBytes, MANIFEST_FILE, REQUIRED_BUNDLE_FILES } from '../../../src-core/bundle';
import type { GateSpec } from '../../../src-core/governance';
import {
  approveGateSpec,
  createFirstAdmin,
  gateSpecApproval,
  createReleasePolicy,
  createUser,
  registerGateSpec,
  setDefaultReleasePolicy,
  type ReleasePolicy,
  type User,
} from '../../../src-main/governance';
import { openStore, type Store } from '../../../src-main/store/openStore';
import { repoRoot } from '../../helpers/paths';

export const fixturesDir = path.join(repoRoot, 'test/fixtures/governance');

export function loadFixture(name: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(fixturesDir, name), 'utf8'));
}

const created: string[] = [];

// The audit signing key is created on first use in the user's configuration folder: point that at
// a per-test-file folder so tests never touch the real one (each vitest fork loads this afresh).
process.env.HILUM_CONFIG_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-gov-config-'));
created.push(process.env.HILUM_CONFIG_DIR);

export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `hilum-gov-${prefix}-`));
  created.push(dir);
  return dir;
}

/** Removes every directory tempDir made in this test file (call from afterAll). */
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

export const passwords = {
  admin: 'Ada-pass-001',
  eng: 'Erin-pass-12',
  qa: 'Quinn-pass-1',
  rad: 'Rita-pass-12',
  eng2: 'Evan-pass-12',
} as const;

export interface Team {
  admin: User;
  eng: User;
  qa: User;
  rad: User;
  eng2: User;
}

export function createTeam(store: Store): Team {
  const admin = createFirstAdmin(store, { username: 'admin', fullName: 'Ada Admin', password: passwords.admin });
  return {
    admin,
    eng: createUser(store, admin, { username: 'eng', fullName: 'Erin Engineer', role: 'engineer', password: passwords.eng }),
    qa: createUser(store, admin, { username: 'qa', fullName: 'Quinn Quality', role: 'qa', password: passwords.qa }),
    rad: createUser(store, admin, { username: 'rad', fullName: 'Rita Radiologist', role: 'radiologist', password: passwords.rad }),
    eng2: createUser(store, admin, { username: 'eng2', fullName: 'Evan Second', role: 'engineer', password: passwords.eng2 }),
  };
}

/**
 * A bundle directory in the src-core/bundle manifest format with every required file present but
 * with placeholder contents (governance only hashes bundles; it never runs them). Returns its path
 * and hash (SHA-256 of the canonical manifest.json), computed here independently of src-main/bundle.
 */
export function makeBundle(dir: string, variant: string): { bundlePath: string; bundleHash: string } {
  fs.mkdirSync(dir, { recursive: true });
  const files: Record<string, string> = Object.fromEntries(
    REQUIRED_BUNDLE_FILES.map((name) => [name, `placeholder ${name} for governance tests: ${variant}`]),
  );
  const entries = Object.entries(files).map(([p, text]) => {
    fs.writeFileSync(path.join(dir, p), text);
    return { path: p, sha256: createHash('sha256').update(text).digest('hex'), bytes: Buffer.byteLength(text) };
  });
  const bytes = canonicalManifestBytes(buildManifest(entries));
  fs.writeFileSync(path.join(dir, MANIFEST_FILE), bytes);
  return { bundlePath: dir, bundleHash: createHash('sha256').update(bytes).digest('hex') };
}

export function openTempStore(prefix: string): Store {
  return openStore({ dataDir: tempDir(prefix) });
}

/** An evaluation fixture as if `hilum eval` had run this bundle (its report names the bundle hash). */
export function evaluationFor(name: 'evaluation-strong.json' | 'evaluation-weak.json', bundleHash: string): unknown {
  const report = loadFixture(name) as { model: Record<string, unknown> };
  return { ...report, model: { ...report.model, hash: bundleHash } };
}

/**
 * The controlled set-up a lock needs: `spec` registered by an engineer, approved by QA, and a
 * release policy on it (default: authored by an engineer, approved by QA, distinct signers)
 * created by the admin and made the installation default.
 */
export function approvedReleasePolicy(
  store: Store,
  team: Team,
  spec: GateSpec,
  overrides: Partial<Omit<ReleasePolicy, 'gateSpecId'>> = {},
  makeDefault = true,
): { specId: string; policyId: string } {
  const registered = registerGateSpec(store, team.eng, spec);
  if (!gateSpecApproval(store, registered))
    approveGateSpec(store, { specId: registered.id, username: team.qa.username, password: passwords.qa });
  const policy = createReleasePolicy(store, {
    username: team.admin.username,
    password: passwords.admin,
    name: `policy for ${spec.name}`,
    policy: {
      gateSpecId: registered.id,
      requiredSignatures: [
        { meaning: 'authored', roles: ['engineer'] },
        { meaning: 'approved', roles: ['qa'] },
      ],
      distinctSigners: true,
      authorMayApprove: false,
      ...overrides,
    },
  });
  if (makeDefault) setDefaultReleasePolicy(store, { username: team.admin.username, password: passwords.admin, policyId: policy.id });
  return { specId: registered.id, policyId: policy.id };
}
