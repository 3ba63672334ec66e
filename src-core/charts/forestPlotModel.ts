/**
 * The one forest-plot geometry: rows (estimate, 95 % CI whisker, cases, flags), the shared axis domain and ticks,
 * and the reference line. The app's echarts option (forestPlotOption) and the PDF's pdfkit drawer (drawForestPlot)
 * both draw from this model, so a whisker cannot differ between the screen and the signed document.
 */
import { r4 } from './chartTheme';

/** Groups below this many cases are flagged: their intervals are wide and a gap may be noise. */
export const smallGroupCases = 50;

export interface ForestRowInput {
  label: string;
  value: number | null;
  lower: number | null;
  upper: number | null;
  cases?: number | null;
  /** Why the value is undefined (shown in its place). */
  reason?: string | null;
  /** Bootstrap resamples in which the metric was undefined (the CI rests on fewer). */
  undefinedResamples?: number;
  /** The worst group of an attribute whose gap (best − worst) exceeds the policy's limit. */
  overLimit?: boolean;
}

export type ForestFlag = 'small group' | 'undefined resamples' | 'gap over limit';

export interface ForestRowModel {
  label: string;
  value: number | null;
  whisker: { lower: number; upper: number } | null;
  cases: number | null;
  reason: string | null;
  flags: ForestFlag[];
  undefinedResamples: number;
}

export interface ForestPlotModel {
  title: string;
  metric: string;
  rows: ForestRowModel[];
  domain: [number, number];
  ticks: number[];
  /** The vertical reference, e.g. the overall estimate. */
  reference: { name: string; value: number } | null;
  /** The policy's gap limit the rows were flagged against, for the caption. */
  gapLimit: number | null;
}

export interface ForestPlotInput {
  title: string;
  metric: string;
  rows: readonly ForestRowInput[];
  reference?: { name: string; value: number } | null;
  gapLimit?: number | null;
  /** Unit metrics (AUROC, rates) are clamped to [0, 1]; default true. */
  unit?: boolean;
}

export function forestPlotModel(input: ForestPlotInput): ForestPlotModel {
  const reference = input.reference ? { name: input.reference.name, value: r4(input.reference.value) } : null;
  const gapLimit = input.gapLimit ?? null;
  const rows = input.rows.map((r): ForestRowModel => {
    const value = r.value === null ? null : r4(r.value);
    const whisker = value !== null && r.lower !== null && r.upper !== null ? { lower: r4(r.lower), upper: r4(r.upper) } : null;
    const cases = r.cases ?? null;
    const flags: ForestFlag[] = [];
    if (cases !== null && cases < smallGroupCases) flags.push('small group');
    if (r.undefinedResamples) flags.push('undefined resamples');
    if (r.overLimit) flags.push('gap over limit');
    return {
      label: r.label,
      value,
      whisker,
      cases,
      reason: value === null ? (r.reason ?? 'undefined') : null,
      flags,
      undefinedResamples: r.undefinedResamples ?? 0,
    };
  });
  const { domain, ticks } = axisDomain(rows, reference, input.unit ?? true);
  return { title: input.title, metric: input.metric, rows, domain, ticks, reference, gapLimit };
}

/**
 * Every whisker, estimate and the reference fit; the domain is widened to whole multiples of a "nice" step
 * (1, 2, 2.5 or 5 × 10^k, four to eight ticks) so tick labels read 0.75, 0.8, … rather than 0.7131; unit metrics stay in [0, 1].
 */
function axisDomain(
  rows: readonly ForestRowModel[],
  reference: { value: number } | null,
  unit: boolean,
): { domain: [number, number]; ticks: number[] } {
  const xs = rows.flatMap((r) => (r.whisker ? [r.whisker.lower, r.whisker.upper] : r.value !== null ? [r.value] : []));
  if (reference) xs.push(reference.value);
  let lo = xs.length ? Math.min(...xs) : 0;
  let hi = xs.length ? Math.max(...xs) : 1;
  if (hi - lo < 1e-6) ((lo -= 0.05), (hi += 0.05));
  const step = niceStep((hi - lo) / 4);
  lo = Math.floor(lo / step - 1e-9) * step;
  hi = Math.ceil(hi / step + 1e-9) * step;
  if (unit) ((lo = Math.max(0, lo)), (hi = Math.min(1, hi)));
  const ticks: number[] = [];
  for (let k = 0; lo + k * step <= hi + step * 1e-6; k++) ticks.push(r4(lo + k * step));
  return { domain: [r4(lo), r4(hi)], ticks };
}

function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 2.5, 5, 10].map((m) => m * power).find((step) => step >= raw)!;
}

/** Maps a metric value onto a drawing's x range [x0, x0 + width] over the model's domain (the PDF's scale). */
export function forestX(model: ForestPlotModel, x0: number, width: number): (v: number) => number {
  const [lo, hi] = model.domain;
  return (v: number) => x0 + ((v - lo) / (hi - lo || 1)) * width;
}
