/**
 * Where two sets of per-label calls contradict each other: positive against negative. An "uncertain"
 * reading or a model that abstained contradicts nothing (it is not a call), so it never opens a case.
 */
export interface Disagreement {
  label: string;
  first: string;
  firstFrom: string;
  second: string;
  secondFrom: string;
}

type Calls = Record<string, string>;

const decisive = (value: string | undefined): value is 'positive' | 'negative' => value === 'positive' || value === 'negative';

export function findDisagreements(first: { from: string; calls: Calls }, second: { from: string; calls: Calls }): Disagreement[] {
  const out: Disagreement[] = [];
  for (const [label, a] of Object.entries(first.calls)) {
    const b = second.calls[label];
    if (decisive(a) && decisive(b) && a !== b) out.push({ label, first: a, firstFrom: first.from, second: b, secondFrom: second.from });
  }
  return out.sort((x, y) => (x.label < y.label ? -1 : x.label > y.label ? 1 : 0));
}
