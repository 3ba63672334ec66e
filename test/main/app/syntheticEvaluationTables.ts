// A deterministic, made-up evaluation input (not model output): 120 cases, 2 labels, a sex attribute.
// Used to produce a real `hilum metrics` report for the validation/fairness channel tests and the e2e.
import { parseCsv } from '../../../src-core/csv/parseCsv';

/** 120 cases, 2 labels, scores that separate the classes imperfectly; a sex attribute. Deterministic. */
export function syntheticEvaluationTables() {
  const pred = ['id,Effusion,Pneumonia'];
  const lab = ['id,Effusion,Pneumonia'];
  const grp = ['id,sex'];
  for (let i = 0; i < 120; i++) {
    const y1 = i % 3 === 0 ? 1 : 0;
    const y2 = i % 4 === 1 ? 1 : 0;
    const p1 = Math.min(0.99, Math.max(0.01, 0.25 + 0.4 * y1 + 0.3 * Math.sin(i * 1.7)));
    const p2 = Math.min(0.99, Math.max(0.01, 0.3 + 0.25 * y2 + 0.3 * Math.cos(i * 2.3)));
    pred.push(`img${i},${p1.toFixed(4)},${p2.toFixed(4)}`);
    lab.push(`img${i},${y1},${y2}`);
    grp.push(`img${i},${i % 2 ? 'F' : 'M'}`);
  }
  return {
    predictions: parseCsv(pred.join('\n'), 'pred.csv'),
    labels: parseCsv(lab.join('\n'), 'labels.csv'),
    groups: parseCsv(grp.join('\n'), 'groups.csv'),
  };
}
