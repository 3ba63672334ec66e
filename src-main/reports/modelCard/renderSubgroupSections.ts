/** Model card section 11 (subgroup forest plots and gaps) and appendix A (full subgroup tables), from the stored subgroup reports. */
import { drawForestPlot, smallGroupCases, storedSubgroupForestModel } from './drawForestPlot';
import { drawTable } from './drawTable';
import { formatEstimate } from './pdfText';
import { heading, NOT_EVALUATED, para, sub } from './cardText';

type Doc = PDFKit.PDFDocument;
type Json = Record<string, unknown>;
/** Dataset name, its stored subgroup report, and the overall macro AUROC (the forest plot's reference line). */
export type SubgroupReport = [string, Json, number | null];

const subgroupMetrics = [
  ['macroAuroc', 'Macro AUROC'],
  ['underdiagnosisRate', 'Underdiagnosis rate'],
] as const;

/** Section 11: a forest plot per metric (small groups flagged) and the gap per attribute; the full tables are in appendix A. */
export function subgroupSection(doc: Doc, reports: SubgroupReport[]): void {
  heading(doc, '11. Subgroup performance');
  if (reports.length === 0) return para(doc, NOT_EVALUATED);
  para(
    doc,
    `Point estimate and 95% CI per single-attribute group, dashed line: overall; SMALL marks groups under ${smallGroupCases} cases. Intersections and full tables: appendix A.`,
  );
  for (const [dataset, s, overall] of reports) {
    sub(doc, `Dataset: ${dataset}`);
    if (typeof s.reason === 'string') {
      para(doc, `Not evaluated: ${s.reason}`);
      continue;
    }
    for (const [metric, label] of subgroupMetrics) {
      const section = s[metric] as { groups?: Json[]; gaps?: Json[] } | undefined;
      if (!section) {
        para(doc, `${label}: not evaluated.`);
        continue;
      }
      drawForestPlot(doc, `${label}, forest plot:`, storedSubgroupForestModel(label, section, metric === 'macroAuroc' ? overall : null));
      drawTable(
        doc,
        [
          { header: 'Attribute', width: 110 },
          { header: 'Best', width: 95 },
          { header: 'Worst', width: 95 },
          { header: 'Gap [95% CI]', width: 195 },
        ],
        (section.gaps ?? []).map((g) => [String(g.attribute), String(g.best), String(g.worst), formatEstimate(g)]),
      );
    }
  }
}

export function subgroupAppendix(doc: Doc, all: SubgroupReport[]): void {
  const reports = all.filter(([, s]) => typeof s.reason !== 'string');
  if (reports.length === 0) return;
  heading(doc, 'Appendix A. Subgroup tables');
  for (const [dataset, s] of reports) {
    sub(doc, `Dataset: ${dataset}`);
    for (const [metric, label] of subgroupMetrics) {
      const section = s[metric] as { groups?: Json[] } | undefined;
      if (!section) continue;
      para(doc, `${label} by subgroup:`);
      drawTable(
        doc,
        [
          { header: 'Attribute', width: 110 },
          { header: 'Group', width: 130 },
          { header: 'Cases', width: 60 },
          { header: `${label} [95% CI]`, width: 195 },
        ],
        (section.groups ?? []).map((g) => [
          String(g.attribute),
          String(g.group),
          typeof g.cases === 'number' && g.cases < smallGroupCases ? `${g.cases} SMALL` : String(g.cases),
          formatEstimate(g),
        ]),
      );
    }
  }
}
