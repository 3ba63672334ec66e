import { describe, expect, it } from 'vitest';
import { lookupTransferSyntax } from '../../../src-core/dicom/transferSyntaxes';
import { formatTag, normaliseTag } from '../../../src-core/dicom/tagDictionary';

describe('transfer syntax table', () => {
  it('strips UID padding and knows the encodings', () => {
    expect(lookupTransferSyntax('1.2.840.10008.1.2.4.70\0')?.pixelEncoding).toBe('jpeg-lossless');
    expect(lookupTransferSyntax('1.2.840.10008.1.2.2')?.littleEndian).toBe(false);
    expect(lookupTransferSyntax('1.2.840.10008.1.2')?.explicitVr).toBe(false);
    expect(lookupTransferSyntax('1.2.840.10008.1.2.4.201')?.pixelEncoding).toBe('htj2k');
    expect(lookupTransferSyntax('1.2.3')).toBeUndefined();
  });
  it("routes 12-bit JPEG to Hilum's own sequential decoder", () => {
    const t = lookupTransferSyntax('1.2.840.10008.1.2.4.51')!;
    expect(t.supported).toBe(true);
    expect(t.pixelEncoding).toBe('jpeg-extended-12');
  });
  it('converts tag notations', () => {
    expect(normaliseTag('(0028,0010)')).toBe('x00280010');
    expect(normaliseTag('x7FE00010')).toBe('x7fe00010');
    expect(formatTag('x7fe00010')).toBe('(7FE0,0010)');
  });
});
