/** Pure dataset logic: label states, vocabularies, policies, splits, leakage, demographics. */
export * from './labelState';
export * from './labelVocabularies';
export * from './datasetRecord';
export * from './normaliseDemographics';
export * from './ageBand';
export * from './buildTrainingTargets';
export * from './assignPatientSplits';
export * from './checkSplitLeakage';
