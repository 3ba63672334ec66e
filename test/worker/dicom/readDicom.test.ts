import { describe, expect, it } from 'vitest';
import { HilumError } from '../../../src-core/errors';
import { readDicom } from '../../../src-worker/dicom/readDicom';
import { loadDicomImage } from '../../../src-worker/dicom/loadDicomImage';
import { buildPart10, encodeElements, imageElements, str, us } from './helpers/buildPart10';

const EXPLICIT = '1.2.840.10008.1.2.1';

async function codeOf(p: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof p === 'function' ? p() : p);
    return 'ok';
  } catch (e) {
    if (!(e instanceof HilumError)) throw e;
    return e.code;
  }
}

describe('readDicom', () => {
  it('reads the transfer syntax only inside the meta group length: a stray (0002,0010) in the data set is ignored', () => {
    const stray = { group: 2, element: 0x10, vr: 'UI', value: str('1.2.840.10008.1.2.4.50') };
    const bytes = buildPart10(EXPLICIT, [stray, ...imageElements([0, 1, 2, 3, 4, 5, 6, 7])]);
    // The stray element sits right after the meta group: only (0002,0000) tells them apart.
    const ds = readDicom(bytes, 'stray.dcm');
    expect(ds.transferSyntaxUid).toBe(EXPLICIT);
    expect(ds.transferSyntaxSource).toBe('meta');
  });

  it('distrusts a group length that lands inside an element and walks group 0002 instead', () => {
    const bytes = buildPart10(EXPLICIT, imageElements([0, 1, 2, 3, 4, 5, 6, 7]), { metaLength: 3 });
    expect(readDicom(bytes, 'short-meta.dcm').transferSyntaxUid).toBe(EXPLICIT);
  });

  it('parses a bare data set with no preamble or meta header as implicit VR LE', () => {
    // implicit VR: tag, 4-byte length, value
    const implicit = Uint8Array.from([0x08, 0x00, 0x60, 0x00, 2, 0, 0, 0, 0x43, 0x52]);
    const ds = readDicom(implicit, 'bare');
    expect(ds.transferSyntaxUid).toBe('1.2.840.10008.1.2');
    expect(ds.transferSyntaxSource).toBe('assumed-implicit');
    expect(ds.dataSet.string('x00080060')).toBe('CR');
  });

  it('rejects lengths past the end, files over the byte limit and tiny files with typed errors naming the file', async () => {
    const lying = buildPart10(EXPLICIT, [{ group: 0x0008, element: 0x0060, vr: 'CS', value: str('CR'), length: 60000 }]);
    expect(await codeOf(() => readDicom(lying, 'lying.dcm'))).toBe('DICOM_PARSE');
    const ok = buildPart10(EXPLICIT, imageElements([0, 1, 2, 3, 4, 5, 6, 7]));
    expect(await codeOf(() => readDicom(ok, 'big.dcm', { maxBytes: 100 }))).toBe('DICOM_LIMIT');
    expect(await codeOf(() => readDicom(new Uint8Array(3), 'tiny.dcm'))).toBe('DICOM_PARSE');
    try {
      readDicom(lying, 'lying.dcm');
    } catch (e) {
      expect((e as HilumError).details.file).toBe('lying.dcm');
    }
  });

  it('refuses images whose rows × columns exceed maxPixels before decoding', async () => {
    const bytes = buildPart10(EXPLICIT, imageElements([0, 1, 2, 3, 4, 5, 6, 7]));
    expect(await codeOf(loadDicomImage(bytes, 'px.dcm', { limits: { maxPixels: 4 } }))).toBe('DICOM_LIMIT');
  });

  it('masks bits above HighBit, applies rescale, and reports short pixel data as DICOM_DECODE', async () => {
    // 0xF00A has garbage in bits 12–15; stored value is 0x00A = 10.
    const bytes = buildPart10(
      EXPLICIT,
      imageElements(
        [0xf00a, 0, 4095, 0, 0, 0, 0, 0],
        [
          { group: 0x0028, element: 0x1050, vr: 'DS', value: str('0') },
          { group: 0x0028, element: 0x1051, vr: 'DS', value: str('4096') },
          { group: 0x0028, element: 0x1052, vr: 'DS', value: str('1000') },
          { group: 0x0028, element: 0x1053, vr: 'DS', value: str('2') },
        ],
      ),
    );
    const img = await loadDicomImage(bytes, 'bits.dcm');
    // LINEAR window c=0 w=4096 maps x → (x + 0.5)/4095 + 0.5 inside the window; x = 2v + 1000.
    expect(img.steps).toContain('modality-lut: rescale slope=2 intercept=1000');
    expect(img.pixels[0]).toBeCloseTo(1020.5 / 4095 + 0.5, 5); // 10 after masking; unmasked 61450 would give 1
    expect(img.pixels[1]).toBeCloseTo(1000.5 / 4095 + 0.5, 5);
    expect(img.pixels[2]).toBe(1); // 4095 → 9190, above the window
    const short = encodeElements(imageElements([1, 2, 3, 4, 5, 6, 7, 8]).slice(0, -1));
    const withShortPixels = Uint8Array.from([...short, ...encodeElements([{ group: 0x7fe0, element: 0x10, vr: 'OW', value: us(7) }])]);
    expect(await codeOf(loadDicomImage(withShortPixels, 'short.dcm'))).toBe('DICOM_DECODE');
  });
});
