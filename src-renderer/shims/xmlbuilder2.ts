/**
 * Stand-in for xmlbuilder2, which vtk.js's XML mesh reader imports and which needs Node's `events`.
 * Hilum never loads VTK XML meshes; if something ever tries, it fails loudly instead of half-working.
 */
import { HilumError } from '../../src-core/errors';
export function create(): never {
  throw new HilumError('UNSUPPORTED', 'VTK XML mesh reading is not available in Hilum (xmlbuilder2 is not bundled)');
}
