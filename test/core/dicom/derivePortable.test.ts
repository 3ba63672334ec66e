import { describe, expect, it } from 'vitest';
import { derivePortable, type PortableInputs } from '../../../src-core/dicom/derivePortable';

const none: PortableInputs = {
  seriesDescription: null,
  studyDescription: null,
  acquisitionDeviceProcessingDescription: null,
  protocolName: null,
  stationName: null,
  manufacturerModel: null,
  viewPosition: null,
};

describe('derivePortable', () => {
  it('takes PORTABLE in a description as evidence and names the field', () => {
    const r = derivePortable({ ...none, seriesDescription: 'CHEST AP PORTABLE', viewPosition: 'AP' });
    expect(r.portable).toBe(true);
    expect(r.evidence).toContain('(0008,103E)');
  });
  it('does not match PORTABLE inside another word', () => {
    expect(derivePortable({ ...none, studyDescription: 'NONPORTABLES' }).portable).toBeNull();
  });
  it('recognises mobile unit models', () => {
    expect(derivePortable({ ...none, manufacturerModel: 'Mobilett Mira Max' }).portable).toBe(true);
  });
  it('PA is departmental, AP alone is unknown', () => {
    expect(derivePortable({ ...none, viewPosition: 'PA' }).portable).toBe(false);
    expect(derivePortable({ ...none, viewPosition: 'AP' }).portable).toBeNull();
  });
});
