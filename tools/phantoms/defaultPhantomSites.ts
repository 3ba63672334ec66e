/**
 * Four fictional sites with different scanners: bit depth, MONOCHROME1 vs 2, gamma, noise,
 * blur, share of portable AP films, and transfer syntax. Names are invented; no real vendor.
 */
import { HilumError } from '../../src-core/errors';
import type { PhantomSite } from './phantomTypes';

export const defaultPhantomSites: PhantomSite[] = [
  {
    id: 'north',
    institution: 'Northfield General (synthetic)',
    manufacturer: 'ACME RADIOGRAPHY',
    model: 'AR-1000',
    modality: 'DX',
    bitsStored: 12,
    photometric: 'MONOCHROME2',
    gamma: 1.0,
    noise: 0.02,
    blur: 0,
    apFraction: 0.3,
    transferSyntax: 'explicit-le',
  },
  {
    id: 'river',
    institution: 'Riverside Clinic (synthetic)',
    manufacturer: 'LUMEN IMAGING',
    model: 'LX CR 5',
    modality: 'CR',
    bitsStored: 10,
    photometric: 'MONOCHROME1',
    gamma: 0.8,
    noise: 0.035,
    blur: 1,
    apFraction: 0.4,
    transferSyntax: 'rle',
  },
  {
    id: 'brigid',
    institution: 'St Brigid Hospital (synthetic)',
    manufacturer: 'ORBIT MEDICAL',
    model: 'Orbit DR-9',
    modality: 'DX',
    bitsStored: 14,
    photometric: 'MONOCHROME2',
    gamma: 1.25,
    noise: 0.015,
    blur: 0,
    apFraction: 0.2,
    transferSyntax: 'jpeg-lossless',
  },
  {
    id: 'harbor',
    institution: 'Harbor Community (synthetic)',
    manufacturer: 'ACME RADIOGRAPHY',
    model: 'AR-Mobile',
    modality: 'CR',
    bitsStored: 12,
    photometric: 'MONOCHROME2',
    gamma: 0.9,
    noise: 0.03,
    blur: 1,
    apFraction: 0.8,
    transferSyntax: 'jpeg2000',
  },
];

/** The built-in sites with these ids, in that order; an unknown id is a typed error naming the known ones. */
export function phantomSitesById(ids: string[]): PhantomSite[] {
  return ids.map((id) => {
    const site = defaultPhantomSites.find((s) => s.id === id);
    if (!site)
      throw new HilumError(
        'INVALID_ARGUMENT',
        `Unknown synthetic site "${id}" (known: ${defaultPhantomSites.map((s) => s.id).join(', ')})`,
        { id },
      );
    return site;
  });
}
