/** The subset of the DICOM data dictionary (PS3.6) that Hilum reads, keyed by dicom-parser style tag "xggggeeee". */

export interface TagInfo {
  tag: string;
  keyword: string;
  vr: string;
}

const entries: Array<[string, string, string]> = [
  ['x00020000', 'FileMetaInformationGroupLength', 'UL'],
  ['x00020010', 'TransferSyntaxUID', 'UI'],
  ['x00080008', 'ImageType', 'CS'],
  ['x00080016', 'SOPClassUID', 'UI'],
  ['x00080018', 'SOPInstanceUID', 'UI'],
  ['x00080020', 'StudyDate', 'DA'],
  ['x00080060', 'Modality', 'CS'],
  ['x00080070', 'Manufacturer', 'LO'],
  ['x00080080', 'InstitutionName', 'LO'],
  ['x00081010', 'StationName', 'SH'],
  ['x00081030', 'StudyDescription', 'LO'],
  ['x0008103e', 'SeriesDescription', 'LO'],
  ['x00081090', 'ManufacturerModelName', 'LO'],
  ['x00100010', 'PatientName', 'PN'],
  ['x00100020', 'PatientID', 'LO'],
  ['x00100030', 'PatientBirthDate', 'DA'],
  ['x00100040', 'PatientSex', 'CS'],
  ['x00101010', 'PatientAge', 'AS'],
  ['x00180015', 'BodyPartExamined', 'CS'],
  ['x00181000', 'DeviceSerialNumber', 'LO'],
  ['x00181164', 'ImagerPixelSpacing', 'DS'],
  ['x00181400', 'AcquisitionDeviceProcessingDescription', 'LO'],
  ['x00185101', 'ViewPosition', 'CS'],
  ['x00200020', 'PatientOrientation', 'CS'],
  ['x00280002', 'SamplesPerPixel', 'US'],
  ['x00280004', 'PhotometricInterpretation', 'CS'],
  ['x00280006', 'PlanarConfiguration', 'US'],
  ['x00280008', 'NumberOfFrames', 'IS'],
  ['x00280010', 'Rows', 'US'],
  ['x00280011', 'Columns', 'US'],
  ['x00280030', 'PixelSpacing', 'DS'],
  ['x00280100', 'BitsAllocated', 'US'],
  ['x00280101', 'BitsStored', 'US'],
  ['x00280102', 'HighBit', 'US'],
  ['x00280103', 'PixelRepresentation', 'US'],
  ['x00280301', 'BurnedInAnnotation', 'CS'],
  ['x00281050', 'WindowCenter', 'DS'],
  ['x00281051', 'WindowWidth', 'DS'],
  ['x00281052', 'RescaleIntercept', 'DS'],
  ['x00281053', 'RescaleSlope', 'DS'],
  ['x00281056', 'VOILUTFunction', 'CS'],
  ['x00283000', 'ModalityLUTSequence', 'SQ'],
  ['x00283002', 'LUTDescriptor', 'US'],
  ['x00283006', 'LUTData', 'US'],
  ['x00283010', 'VOILUTSequence', 'SQ'],
  ['x20500020', 'PresentationLUTShape', 'CS'],
  ['x7fe00010', 'PixelData', 'OW'],
];

export const tagDictionary: ReadonlyMap<string, TagInfo> = new Map(entries.map(([tag, keyword, vr]) => [tag, { tag, keyword, vr }]));

/** "(0028,0010)" → "x00280010"; accepts either form. */
export function normaliseTag(tag: string): string {
  const m = /^\(?([0-9a-fA-F]{4}),?([0-9a-fA-F]{4})\)?$/.exec(tag.replace(/^x/, ''));
  if (!m) return tag;
  return `x${m[1]!.toLowerCase()}${m[2]!.toLowerCase()}`;
}

/** "x00280010" → "(0028,0010)" for messages. */
export function formatTag(tag: string): string {
  const t = tag.replace(/^x/, '').toUpperCase();
  return `(${t.slice(0, 4)},${t.slice(4, 8)})`;
}
