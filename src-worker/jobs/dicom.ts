/** Handlers for `dicom.inspect`, `dicom.render` and `dicom.decodeProbe` (contracts in src-core/contracts/jobs/dicom.ts). */
import { inspectDicomFile } from '../dicom/inspectDicomFile';
import { probeDecode } from '../dicom/probeDecode';
import { renderDicomFile } from '../dicom/renderDicomFile';
import type { JobHandlerTable } from './JobHandler';

export const dicomHandlers: JobHandlerTable = {
  'dicom.inspect': ({ file, showPhi }) => inspectDicomFile(file, showPhi),
  'dicom.render': (params) => renderDicomFile(params),
  'dicom.decodeProbe': ({ file, bytes, size }) => probeDecode(file, bytes, size),
};
