export * from './errorCodes';
export * from './HilumError';
