/**
 * Whether a radiograph was taken with a portable (bedside) unit, from header text only.
 * Rules, in order (first match wins):
 *  1. "PORTABLE", "PORTABEL", "BEDSIDE" or "MOBILE" as a word in (0008,103E) SeriesDescription,
 *     (0008,1030) StudyDescription, (0018,1400) AcquisitionDeviceProcessingDescription,
 *     (0018,1030) ProtocolName or (0008,1010) StationName → true.
 *  2. (0008,1090) ManufacturerModelName naming a known mobile unit family
 *     ("MOBILETT", "DRX-REVOLUTION", "AMX", "MOBILEDAYTONA", "OPTIMA XR2", "NOVA FA") → true.
 *  3. ViewPosition PA or LATERAL/LL/RL (departmental projections, made standing at a wall stand) → false.
 *  4. Otherwise null: AP alone is NOT taken as evidence (supine departmental APs exist).
 */

export interface PortableInputs {
  seriesDescription: string | null;
  studyDescription: string | null;
  acquisitionDeviceProcessingDescription: string | null;
  protocolName: string | null;
  stationName: string | null;
  manufacturerModel: string | null;
  viewPosition: string | null;
}

const textFields: Array<[keyof PortableInputs, string]> = [
  ['seriesDescription', '(0008,103E) SeriesDescription'],
  ['studyDescription', '(0008,1030) StudyDescription'],
  ['acquisitionDeviceProcessingDescription', '(0018,1400) AcquisitionDeviceProcessingDescription'],
  ['protocolName', '(0018,1030) ProtocolName'],
  ['stationName', '(0008,1010) StationName'],
];

const portableWord = /(^|[^A-Z])(PORTABLE?|PORTABEL|BEDSIDE|MOBILE)([^A-Z]|$)/;
const mobileModels = /(MOBILETT|DRX-REVOLUTION|\bAMX\b|MOBILEDAYTONA|OPTIMA XR2|NOVA FA)/;

export function derivePortable(inputs: PortableInputs): { portable: boolean | null; evidence: string | null } {
  for (const [key, label] of textFields) {
    const v = inputs[key]?.toUpperCase();
    if (v && portableWord.test(v)) return { portable: true, evidence: `${label} contains "${v.match(portableWord)![2]}"` };
  }
  const model = inputs.manufacturerModel?.toUpperCase();
  if (model && mobileModels.test(model))
    return { portable: true, evidence: `(0008,1090) ManufacturerModelName "${model}" is a mobile unit` };
  const view = inputs.viewPosition?.toUpperCase();
  if (view === 'PA' || view === 'LATERAL' || view === 'LL' || view === 'RL') {
    return { portable: false, evidence: `(0018,5101) ViewPosition ${view} is a departmental projection` };
  }
  return { portable: null, evidence: null };
}
