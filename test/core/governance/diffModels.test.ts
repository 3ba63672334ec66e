import { describe, expect, it } from 'vitest';
import { can, diffModels, permissions, requirePermission } from '../../../src-core/governance';

describe('diffModels', () => {
  it('lists changed leaves by section, and nothing for identical models', () => {
    const a = {
      bundleHash: 'a'.repeat(64),
      metrics: {
        training: { '*': { lr: 1e-3, epochs: 10 } },
        thresholds: { '*': { t: [0.4, 0.5] } },
        evaluation: { external: { macro: { auroc: 0.9 } } },
      },
    };
    expect(diffModels(a, a)).toEqual([]);
    const b = {
      bundleHash: 'b'.repeat(64),
      metrics: {
        training: { '*': { lr: 5e-4, epochs: 10 } },
        thresholds: { '*': { t: [0.4, 0.55] } },
        evaluation: { external: { macro: { auroc: 0.92 } } },
        data: { '*': { n: 5 } },
      },
    };
    expect(diffModels(a, b)).toEqual([
      { section: 'bundle', path: 'bundleHash', before: a.bundleHash, after: b.bundleHash },
      { section: 'data', path: 'data', before: null, after: { '*': { n: 5 } } },
      { section: 'metrics', path: 'evaluation.external.macro.auroc', before: 0.9, after: 0.92 },
      { section: 'thresholds', path: 'thresholds.*.t[1]', before: 0.5, after: 0.55 },
      { section: 'config', path: 'training.*.lr', before: 1e-3, after: 5e-4 },
    ]);
  });
});

describe('permission table', () => {
  it('separates duties: engineers author, QA approves and locks, admins manage users but sign nothing', () => {
    expect(can('engineer', 'sign.authored')).toBe(true);
    expect(can('engineer', 'sign.approved')).toBe(false);
    expect(can('engineer', 'model.lock')).toBe(false);
    expect(can('qa', 'sign.approved')).toBe(true);
    expect(can('qa', 'model.lock')).toBe(true);
    expect(can('admin', 'user.create')).toBe(true);
    expect(Object.values(permissions.admin).some((a) => a.startsWith('sign.'))).toBe(false);
    expect(() => requirePermission({ username: 'rad', role: 'radiologist' }, 'model.lock')).toThrowError(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
  });
});
