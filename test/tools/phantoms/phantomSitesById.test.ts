// The demo picks its internal and external synthetic sites by id (tools/phantoms/phantomsCli.ts --sites).
import { describe, expect, it } from 'vitest';
import { HilumError } from '../../../src-core/errors';
import { defaultPhantomSites, phantomSitesById } from '../../../tools/phantoms/defaultPhantomSites';

describe('phantomSitesById', () => {
  it('returns the named sites in the order asked', () => {
    expect(phantomSitesById(['harbor', 'north']).map((s) => s.institution)).toEqual([
      defaultPhantomSites[3]!.institution,
      defaultPhantomSites[0]!.institution,
    ]);
  });

  it('names the unknown id and the known ones', () => {
    expect(() => phantomSitesById(['north', 'atlantis'])).toThrow(HilumError);
    expect(() => phantomSitesById(['atlantis'])).toThrow(/atlantis.*north, river, brigid, harbor/);
  });
});
