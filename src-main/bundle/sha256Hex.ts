/** SHA-256 of bytes as lower-case hex: one implementation for bundles, audit and signatures. */
export { sha256Hex } from '../governance/sha256Hex';
