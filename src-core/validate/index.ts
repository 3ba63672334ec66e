export * from './schema';
export * from './parseDocument';
export { formatPath, schemaError, type SchemaErrorOptions } from './schemaError';
