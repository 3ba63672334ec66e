/** Model bundle: manifest and file schemas, and the pure decision logic applied to a bundle's outputs. */
export * from './bundleFiles';
export * from './bundleManifest';
export * from './calibrateProbability';
export * from './canonicalJson';
export * from './decideCase';
export * from './scoreOod';
