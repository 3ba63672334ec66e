/**
 * Stamps the files an inference wrote after the fact (they are written by the worker): every FHIR
 * Bundle gets the signed audit head and key fingerprint as meta tags (a witness in every exported
 * report); for an unlocked (research-use) run each FHIR Bundle also gets the mark as a tag and at
 * the start of its DiagnosticReport conclusion, and each saliency PNG a tEXt chunk ("Comment")
 * with the mark, inserted before IEND with its CRC.
 */
import { HilumError } from '../../src-core/errors';
import fs from 'node:fs';
import { crc32 } from 'node:zlib';
import { researchUseMark } from './authorizeServing';

export const researchUseTag = { system: 'urn:hilum:release-status', code: 'not-locked', display: researchUseMark };

export function markFhirFile(file: string, head: { seq: number; hash: string; keyFingerprint: string } | null, researchUse: boolean): void {
  const bundle = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    meta?: { tag?: unknown[] };
    entry?: Array<{ resource?: { resourceType?: string; conclusion?: string } }>;
  };
  const tags = [
    ...(head
      ? [
          { system: 'urn:hilum:audit-head', code: `${head.seq}:${head.hash}`, display: `signed audit head seq ${head.seq}` },
          { system: 'urn:hilum:audit-signing-key', code: head.keyFingerprint },
        ]
      : []),
    ...(researchUse ? [researchUseTag] : []),
  ];
  bundle.meta = { ...bundle.meta, tag: [...(bundle.meta?.tag ?? []), ...tags] };
  for (const e of bundle.entry ?? []) {
    if (researchUse && e.resource?.resourceType === 'DiagnosticReport')
      e.resource.conclusion = `${researchUseMark}. ${e.resource.conclusion ?? ''}`.trim();
  }
  fs.writeFileSync(file, `${JSON.stringify(bundle, null, 2)}\n`);
}

export function markPngFile(file: string): void {
  const png = fs.readFileSync(file);
  const iend = png.length - 12;
  if (png.subarray(iend + 4, iend + 8).toString('latin1') !== 'IEND')
    throw new HilumError('IMAGE_DECODE', `${file}: not a PNG ending in IEND`, { file });
  // tEXt is Latin-1: the em dash becomes a plain dash there.
  const data = Buffer.from(`Comment\0${researchUseMark.replace('—', '-')}`, 'latin1');
  const typeAndData = Buffer.concat([Buffer.from('tEXt', 'latin1'), data]);
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  typeAndData.copy(chunk, 4);
  chunk.writeUInt32BE(crc32(typeAndData), 8 + data.length);
  fs.writeFileSync(file, Buffer.concat([png.subarray(0, iend), chunk, png.subarray(iend)]));
}
