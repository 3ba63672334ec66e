/**
 * PS3.15 Annex E Table E.1-1 (Basic Application Level Confidentiality Profile), as data.
 * A subset: the attributes that occur in radiograph headers Hilum ingests. Anything NOT listed
 * here is kept only if it is a public, non-PHI attribute — private tags and overlay/curve groups
 * are removed by applyDeidentification regardless (Basic Profile, E.3.1 "remove private").
 * Actions: D dummy, Z zero-length, X remove, K keep, C clean, U replace UID consistently.
 * Composite actions (X/Z, X/D, Z/D, X/Z/D, X/Z/U*) are resolved to the one that keeps a
 * Type 2/1 attribute present: see resolveAction.
 */

export type DeidAction = 'D' | 'Z' | 'X' | 'K' | 'C' | 'U' | 'X/Z' | 'X/D' | 'Z/D' | 'X/Z/D' | 'X/Z/U';

export interface DeidRule {
  tag: string; // xggggeeee
  keyword: string;
  action: DeidAction;
}

const rows: Array<[string, string, DeidAction]> = [
  ['x00080014', 'InstanceCreatorUID', 'U'],
  ['x00080018', 'SOPInstanceUID', 'U'],
  ['x00080020', 'StudyDate', 'Z'],
  ['x00080021', 'SeriesDate', 'X/D'],
  ['x00080022', 'AcquisitionDate', 'X/Z'],
  ['x00080023', 'ContentDate', 'Z/D'],
  ['x00080030', 'StudyTime', 'Z'],
  ['x00080031', 'SeriesTime', 'X/D'],
  ['x00080032', 'AcquisitionTime', 'X/Z'],
  ['x00080033', 'ContentTime', 'Z/D'],
  ['x00080050', 'AccessionNumber', 'Z'],
  ['x00080080', 'InstitutionName', 'X/Z/D'],
  ['x00080081', 'InstitutionAddress', 'X'],
  ['x00080090', 'ReferringPhysicianName', 'Z'],
  ['x00080092', 'ReferringPhysicianAddress', 'X'],
  ['x00080094', 'ReferringPhysicianTelephoneNumbers', 'X'],
  ['x00081010', 'StationName', 'X/Z/D'],
  ['x00081030', 'StudyDescription', 'X'],
  ['x0008103e', 'SeriesDescription', 'X'],
  ['x00081040', 'InstitutionalDepartmentName', 'X'],
  ['x00081048', 'PhysiciansOfRecord', 'X'],
  ['x00081050', 'PerformingPhysicianName', 'X'],
  ['x00081060', 'NameOfPhysiciansReadingStudy', 'X'],
  ['x00081070', 'OperatorsName', 'X/Z/D'],
  ['x00081155', 'ReferencedSOPInstanceUID', 'U'],
  ['x00100010', 'PatientName', 'Z'],
  ['x00100020', 'PatientID', 'Z'],
  ['x00100030', 'PatientBirthDate', 'Z'],
  ['x00100032', 'PatientBirthTime', 'X'],
  ['x00100040', 'PatientSex', 'Z'],
  ['x00101000', 'OtherPatientIDs', 'X'],
  ['x00101001', 'OtherPatientNames', 'X'],
  ['x00101010', 'PatientAge', 'X'],
  ['x00101020', 'PatientSize', 'X'],
  ['x00101030', 'PatientWeight', 'X'],
  ['x00101040', 'PatientAddress', 'X'],
  ['x00102154', 'PatientTelephoneNumbers', 'X'],
  ['x00104000', 'PatientComments', 'X'],
  ['x00181000', 'DeviceSerialNumber', 'X/Z/D'],
  ['x00181030', 'ProtocolName', 'X/D'],
  ['x0020000d', 'StudyInstanceUID', 'U'],
  ['x0020000e', 'SeriesInstanceUID', 'U'],
  ['x00200010', 'StudyID', 'Z'],
  ['x00200052', 'FrameOfReferenceUID', 'U'],
  ['x00204000', 'ImageComments', 'X'],
  ['x00321032', 'RequestingPhysician', 'X'],
  ['x00400244', 'PerformedProcedureStepStartDate', 'X'],
  ['x00400253', 'PerformedProcedureStepID', 'X'],
  ['x0040a124', 'UID', 'U'],
  ['x00880140', 'StorageMediaFileSetUID', 'U'],
];

export const deidentificationTable: ReadonlyMap<string, DeidRule> = new Map(
  rows.map(([tag, keyword, action]) => [tag, { tag, keyword, action }]),
);

/**
 * Composite actions apply "the least destructive action that keeps the IOD valid"; without
 * knowing each attribute's IOD type, Hilum keeps the attribute present (Z, D or U) rather than
 * removing it, so a Type 1/2 attribute never disappears. Consumers that want smaller headers can
 * drop Z/D attributes afterwards.
 */
export function resolveAction(action: DeidAction): 'D' | 'Z' | 'X' | 'K' | 'C' | 'U' {
  switch (action) {
    case 'X/Z':
      return 'Z';
    case 'X/D':
    case 'Z/D':
    case 'X/Z/D':
      return 'D';
    case 'X/Z/U':
      return 'U';
    default:
      return action;
  }
}
