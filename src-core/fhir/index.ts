/** FHIR R4 output of Hilum predictions. */
export * from './buildFhirReport';
export * from './fhirTypes';
