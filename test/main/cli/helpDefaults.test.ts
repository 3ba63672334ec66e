// `--help` through the bin entry shows the defaults a newcomer would otherwise find by trial: the folders format's
// patient-key pattern and normal-class names, and the numeric defaults of import and predict.
import { describe, expect, it } from 'vitest';
import { DEFAULT_PATIENT_PATTERN, NORMAL_CLASS_NAMES } from '../../../src-core/datasets/folderDefaults';
import { spawnHilum } from '../../helpers/spawnHilum';

describe('--help shows default patterns and values', () => {
  it('dataset import --help and predict --help', async () => {
    const [imp, predict] = await Promise.all([spawnHilum(['dataset', 'import', '--help']), spawnHilum(['predict', '--help'])]);
    expect(imp.code).toBe(0);
    // commander wraps long lines: compare with the whitespace folded.
    const importHelp = imp.stdout.replace(/\s+/g, ' ');
    expect(importHelp).toContain(`(default: ${DEFAULT_PATIENT_PATTERN}`);
    expect(importHelp).toContain(NORMAL_CLASS_NAMES.join(' / '));
    expect(importHelp).toContain('(default: "256")');
    expect(importHelp).toContain('(default: "pad")');
    expect(predict.code).toBe(0);
    const predictHelp = predict.stdout.replace(/\s+/g, ' ');
    expect(predictHelp).toContain('ONNX Runtime intra-op threads (default: 2)');
    expect(predictHelp).toContain('not DICOM, PNG or JPEG by their first bytes');
  }, 120_000);
});
