/** Reads the first item of a Modality or VOI LUT Sequence: descriptor (entries, first mapped value, bits) and data. */
import type dicomParser from 'dicom-parser';

export interface Lut {
  firstMapped: number;
  bits: number;
  data: Uint16Array;
}

export function readLut(dataSet: dicomParser.DataSet, sequenceTag: string, pixelSigned: boolean): Lut | null {
  const item = dataSet.elements[sequenceTag]?.items?.[0]?.dataSet;
  if (!item) return null;
  const desc = item.elements['x00283002'];
  const dataEl = item.elements['x00283006'];
  if (!desc || !dataEl || desc.length < 6) return null;
  const entriesRaw = item.uint16('x00283002', 0) ?? 0;
  const entries = entriesRaw === 0 ? 65536 : entriesRaw;
  const firstMapped = pixelSigned ? (item.int16('x00283002', 1) ?? 0) : (item.uint16('x00283002', 1) ?? 0);
  const bits = item.uint16('x00283002', 2) ?? 16;
  const bytesPerEntry = dataEl.length >= entries * 2 ? 2 : 1;
  if (dataEl.length < entries * bytesPerEntry) return null;
  const data = new Uint16Array(entries);
  for (let i = 0; i < entries; i++) {
    data[i] = bytesPerEntry === 2 ? item.uint16('x00283006', i)! : item.byteArray[dataEl.dataOffset + i]!;
  }
  return { firstMapped, bits, data };
}

export function lookup(lut: Lut, value: number): number {
  const i = Math.round(value) - lut.firstMapped;
  return lut.data[i < 0 ? 0 : i >= lut.data.length ? lut.data.length - 1 : i]!;
}
