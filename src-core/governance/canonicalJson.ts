/** Canonical JSON for every governance hash (audit events, signed records, gates): the same serialiser as the bundle manifest, so one definition of "the bytes we hash" exists. */
export { canonicalJson } from '../bundle/canonicalJson';
