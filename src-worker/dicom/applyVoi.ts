/**
 * VOI stage → values in [0,1]. voi 'header': the first Window Center/Width pair with the
 * VOILUTFunction (PS3.3 C.11.2.1.2); else the first VOI LUT Sequence item; else the percentile
 * linearisation. voi 'percentile': always the percentile linearisation (see percentileWindow).
 * VOI LUT output is divided by 2^bits − 1 where bits is the descriptor's third value, raised
 * to the LUT data's real bit depth when the data exceed it (a common descriptor error).
 */
import { voiLinear, type VoiFunction } from '../../src-core/dicom/voiLinear';
import type { DicomImageMetadata } from '../../src-core/dicom/types';
import type { DicomDataset } from './readDicom';
import { lookup, readLut } from './readLut';
import { percentileWindow } from './percentileWindow';
import { mapValues } from './mapValues';

export interface VoiResult {
  values: Float32Array;
  step: string;
}

function byPercentile(values: Float32Array, why: string): VoiResult {
  const { low, high } = percentileWindow(values);
  const out = new Float32Array(values.length);
  const range = high - low;
  if (range > 0) for (let i = 0; i < values.length; i++) out[i] = Math.min(1, Math.max(0, (values[i]! - low) / range));
  return { values: out, step: `voi: percentile 0.5–99.5 % low=${low} high=${high}${why ? ` (${why})` : ''}` };
}

export function applyVoi(values: Float32Array, ds: DicomDataset, meta: DicomImageMetadata, mode: 'header' | 'percentile'): VoiResult {
  if (mode === 'percentile') return byPercentile(values, 'requested');
  const center = ds.dataSet.floatString('x00281050', 0);
  const width = ds.dataSet.floatString('x00281051', 0);
  if (center !== undefined && width !== undefined && Number.isFinite(center) && Number.isFinite(width) && width >= 1) {
    const fnRaw = ds.dataSet.string('x00281056')?.toUpperCase();
    const fn: VoiFunction = fnRaw === 'SIGMOID' || fnRaw === 'LINEAR_EXACT' ? fnRaw : 'LINEAR';
    const out = mapValues(values, voiLinear(center, width, fn));
    return { values: out, step: `voi: window c=${center} w=${width} ${fn} (header)` };
  }
  const lut = readLut(ds.dataSet, 'x00283010', meta.pixelRepresentation === 1);
  if (lut) {
    let maxEntry = 0;
    for (const v of lut.data) maxEntry = Math.max(maxEntry, v);
    const bits = Math.max(lut.bits, Math.ceil(Math.log2(maxEntry + 1)));
    const scale = 1 / (2 ** bits - 1);
    const out = new Float32Array(values.length);
    for (let i = 0; i < values.length; i++) out[i] = lookup(lut, values[i]!) * scale;
    return { values: out, step: `voi: lut sequence (${lut.data.length} entries, first ${lut.firstMapped}, ${bits} bits)` };
  }
  const why = center !== undefined || width !== undefined ? `header window unusable: c=${center} w=${width}` : 'no VOI in header';
  return byPercentile(values, why);
}
