/** Test helper: builds small explicit-VR-LE DICOM byte streams element by element (for header-parsing edge cases). */

export interface RawElement {
  group: number;
  element: number;
  vr: string;
  value: Uint8Array;
  /** Override the length field (to write lies). */
  length?: number;
}

const longVrs = new Set(['OB', 'OW', 'SQ', 'UN', 'UT', 'OF']);

export function encodeElements(elements: RawElement[]): Uint8Array {
  const parts: number[] = [];
  for (const e of elements) {
    parts.push(e.group & 0xff, e.group >> 8, e.element & 0xff, e.element >> 8, e.vr.charCodeAt(0), e.vr.charCodeAt(1));
    const length = e.length ?? e.value.length;
    if (longVrs.has(e.vr)) parts.push(0, 0, length & 0xff, (length >> 8) & 0xff, (length >> 16) & 0xff, (length >>> 24) & 0xff);
    else parts.push(length & 0xff, (length >> 8) & 0xff);
    parts.push(...e.value);
  }
  return Uint8Array.from(parts);
}

export const str = (s: string): Uint8Array => {
  const padded = s.length % 2 ? `${s}\0` : s;
  return Uint8Array.from(padded, (c) => c.charCodeAt(0));
};
export const us = (v: number): Uint8Array => Uint8Array.of(v & 0xff, v >> 8);
export const ul = (v: number): Uint8Array => Uint8Array.of(v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >>> 24) & 0xff);

/** Preamble + DICM + meta group (with a correct (0002,0000) unless told otherwise) + data set. */
export function buildPart10(
  transferSyntax: string,
  dataSet: RawElement[],
  options: { metaLength?: number; extraMeta?: RawElement[] } = {},
): Uint8Array {
  const metaBody = encodeElements([{ group: 2, element: 0x10, vr: 'UI', value: str(transferSyntax) }, ...(options.extraMeta ?? [])]);
  const groupLength = encodeElements([{ group: 2, element: 0, vr: 'UL', value: ul(options.metaLength ?? metaBody.length) }]);
  const body = encodeElements(dataSet);
  const out = new Uint8Array(132 + groupLength.length + metaBody.length + body.length);
  out.set(
    Uint8Array.from('DICM', (c) => c.charCodeAt(0)),
    128,
  );
  out.set(groupLength, 132);
  out.set(metaBody, 132 + groupLength.length);
  out.set(body, 132 + groupLength.length + metaBody.length);
  return out;
}

/** A 4×2 MONOCHROME2 16-bit image with the given stored values. */
export function imageElements(values: number[], extra: RawElement[] = []): RawElement[] {
  const pixels = new Uint8Array(values.length * 2);
  values.forEach((v, i) => {
    pixels[2 * i] = v & 0xff;
    pixels[2 * i + 1] = (v >> 8) & 0xff;
  });
  return [
    { group: 0x0008, element: 0x0060, vr: 'CS', value: str('DX') },
    { group: 0x0028, element: 0x0002, vr: 'US', value: us(1) },
    { group: 0x0028, element: 0x0004, vr: 'CS', value: str('MONOCHROME2') },
    { group: 0x0028, element: 0x0010, vr: 'US', value: us(2) },
    { group: 0x0028, element: 0x0011, vr: 'US', value: us(4) },
    { group: 0x0028, element: 0x0100, vr: 'US', value: us(16) },
    { group: 0x0028, element: 0x0101, vr: 'US', value: us(12) },
    { group: 0x0028, element: 0x0102, vr: 'US', value: us(11) },
    { group: 0x0028, element: 0x0103, vr: 'US', value: us(0) },
    ...extra,
    { group: 0x7fe0, element: 0x0010, vr: 'OW', value: pixels },
  ];
}
