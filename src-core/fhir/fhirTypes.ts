/** The subset of FHIR R4 resource shapes Hilum emits (Bundle, DiagnosticReport, Observation, Device). */

export interface Coding {
  system: string;
  code: string;
  display?: string;
}
export interface CodeableConcept {
  coding?: Coding[];
  text?: string;
}
export interface Reference {
  reference: string;
  display?: string;
}

export interface FhirDevice {
  resourceType: 'Device';
  id: string;
  identifier: { system: string; value: string }[];
  deviceName: { name: string; type: 'model-name' | 'user-friendly-name' }[];
  version?: { value: string }[];
  type: CodeableConcept;
  note?: { text: string }[];
}

export interface FhirObservation {
  resourceType: 'Observation';
  id: string;
  status: 'preliminary' | 'final';
  category: CodeableConcept[];
  code: CodeableConcept;
  subject?: Reference;
  effectiveDateTime: string;
  issued: string;
  valueQuantity: { value: number; unit: string; system: string; code: string };
  interpretation: CodeableConcept[];
  note?: { text: string }[];
  device: Reference;
}

export interface FhirDiagnosticReport {
  resourceType: 'DiagnosticReport';
  id: string;
  identifier: { system: string; value: string }[];
  status: 'preliminary' | 'final';
  category: CodeableConcept[];
  code: CodeableConcept;
  subject?: Reference;
  effectiveDateTime: string;
  issued: string;
  result: Reference[];
  conclusion: string;
}

export type FhirResource = FhirDevice | FhirObservation | FhirDiagnosticReport;

export interface FhirBundle {
  resourceType: 'Bundle';
  id: string;
  type: 'collection';
  timestamp: string;
  entry: { fullUrl: string; resource: FhirResource }[];
}
