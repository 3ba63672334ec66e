/** Text helpers for the card: pdfkit's standard fonts speak WinAnsi, so symbols outside it are spelled out rather than dropped. */

const replacements: Record<string, string> = {
  '≥': '>=',
  '≤': '<=',
  '−': '-',
  '→': '->',
  '←': '<-',
  '≠': '!=',
  σ: 'sigma',
  '’': "'",
  '‘': "'",
  '“': '"',
  '”': '"',
  '…': '...',
};
const superscripts = '⁰¹²³⁴⁵⁶⁷⁸⁹⁻';
const superscriptPlain = '0123456789-';

export function pdfSafe(text: string): string {
  let out = '';
  let inSuperscript = false;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    const sup = superscripts.indexOf(ch);
    if (sup >= 0) {
      // 2⁻⁵² → 2^-52
      out += `${inSuperscript ? '' : '^'}${superscriptPlain[sup]}`;
      inSuperscript = true;
      continue;
    }
    inSuperscript = false;
    if (replacements[ch] !== undefined) out += replacements[ch];
    else if (code < 0x100 || '–—•×'.includes(ch)) out += ch;
    else out += '?';
  }
  return out;
}

/** An estimate `{ value, ci95, reason }` as text; an undefined value says so with its reason. */
export function formatEstimate(estimate: unknown, digits = 3): string {
  if (typeof estimate === 'number') return Number.isFinite(estimate) ? estimate.toFixed(digits) : 'undefined';
  if (typeof estimate !== 'object' || estimate === null) return 'not evaluated';
  const e = estimate as { value?: unknown; ci95?: unknown; reason?: unknown };
  if (typeof e.value !== 'number') return `undefined${typeof e.reason === 'string' ? ` (${e.reason})` : ''}`;
  const ci =
    Array.isArray(e.ci95) && typeof e.ci95[0] === 'number' && typeof e.ci95[1] === 'number'
      ? ` [${e.ci95[0].toFixed(digits)}, ${e.ci95[1].toFixed(digits)}]`
      : '';
  return `${e.value.toFixed(digits)}${ci}`;
}

/** A stored JSON document flattened to `key: value` lines for the narrative sections. */
export function describeDocument(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object') return [`${prefix ? `${prefix}: ` : ''}${String(value)}`];
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object')) return [`${prefix ? `${prefix}: ` : ''}${value.join(', ')}`];
    return value.flatMap((v, i) => describeDocument(v, `${prefix}[${i + 1}]`));
  }
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => describeDocument(v, prefix ? `${prefix} / ${k}` : k));
}
