/** Applies the Annex E Basic Profile table to a tag → value map; pure, no I/O. */
import { deidentificationTable, resolveAction } from './deidentificationTable';
import { normaliseTag } from './tagDictionary';

export interface DeidOptions {
  /** Maps an original UID to its replacement; must be consistent (same input → same output). */
  replaceUid: (uid: string) => string;
  /** Dummy value for action D (default "ANONYMOUS"). */
  dummy?: (tag: string, original: string) => string;
}

export interface DeidResult {
  values: Map<string, string>;
  /** tag → action applied, for the audit trail. */
  actions: Map<string, string>;
}

/** Group 0x50xx (curves) and 0x60xx (overlays, which can carry burned-in text) are removed. */
function isRemovedGroup(tag: string): boolean {
  const group = parseInt(tag.slice(1, 5), 16);
  return (group & 0xff00) === 0x5000 || (group & 0xff00) === 0x6000;
}

function isPrivate(tag: string): boolean {
  const group = parseInt(tag.slice(1, 5), 16);
  return group % 2 === 1;
}

export function applyDeidentification(input: ReadonlyMap<string, string>, options: DeidOptions): DeidResult {
  const values = new Map<string, string>();
  const actions = new Map<string, string>();
  const dummy = options.dummy ?? (() => 'ANONYMOUS');
  for (const [rawTag, value] of input) {
    const tag = normaliseTag(rawTag);
    if (isPrivate(tag) || isRemovedGroup(tag)) {
      actions.set(tag, 'X');
      continue;
    }
    const rule = deidentificationTable.get(tag);
    const action = rule ? resolveAction(rule.action) : 'K';
    actions.set(tag, action);
    switch (action) {
      case 'X':
        break;
      case 'Z':
        values.set(tag, '');
        break;
      case 'D':
        values.set(tag, dummy(tag, value));
        break;
      case 'U':
        values.set(tag, value === '' ? '' : options.replaceUid(value));
        break;
      case 'C':
      case 'K':
        values.set(tag, value);
        break;
    }
  }
  return { values, actions };
}
