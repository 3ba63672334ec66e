import { describe, expect, it } from 'vitest';
import { applyDeidentification } from '../../../src-core/dicom/applyDeidentification';
import { deidentificationTable, resolveAction } from '../../../src-core/dicom/deidentificationTable';

describe('applyDeidentification (PS3.15 Annex E basic profile subset)', () => {
  const input = new Map<string, string>([
    ['(0010,0010)', 'DOE^JANE'],
    ['x00100020', 'MRN123'],
    ['x00080080', 'St Elsewhere'],
    ['x0020000d', '1.2.3.4'],
    ['x0020000e', '1.2.3.4'],
    ['x00101010', '049Y'],
    ['x00280010', '512'],
    ['x00091001', 'private stuff'],
    ['x60003000', 'overlay bits'],
  ]);
  const r = applyDeidentification(input, { replaceUid: (u) => `2.25.${u.replace(/\./g, '')}` });

  it('zeroes Z attributes and keeps them present', () => {
    expect(r.values.get('x00100010')).toBe('');
    expect(r.values.get('x00100020')).toBe('');
  });
  it('resolves X/Z/D to a dummy value', () => {
    expect(r.values.get('x00080080')).toBe('ANONYMOUS');
    expect(r.actions.get('x00080080')).toBe('D');
  });
  it('replaces UIDs consistently', () => {
    expect(r.values.get('x0020000d')).toBe('2.25.1234');
    expect(r.values.get('x0020000e')).toBe(r.values.get('x0020000d'));
  });
  it('removes X attributes, private tags and overlay groups, keeps unlisted public ones', () => {
    expect(r.values.has('x00101010')).toBe(false);
    expect(r.values.has('x00091001')).toBe(false);
    expect(r.values.has('x60003000')).toBe(false);
    expect(r.values.get('x00280010')).toBe('512');
  });
  it('every table row resolves to a single action', () => {
    for (const rule of deidentificationTable.values()) expect(['D', 'Z', 'X', 'K', 'C', 'U']).toContain(resolveAction(rule.action));
  });
});
