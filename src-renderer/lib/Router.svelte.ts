/** Hash routing between the pages (#/datasets, #/runs, ...); unknown routes fall back to Datasets. */
export const pages = [
  { id: 'datasets', title: 'Datasets' },
  { id: 'runs', title: 'Runs' },
  { id: 'validation', title: 'Validation' },
  { id: 'fairness', title: 'Fairness' },
  { id: 'ood', title: 'OOD' },
  { id: 'worklist', title: 'Worklist' },
  { id: 'models', title: 'Models' },
  { id: 'audit', title: 'Audit' },
  { id: 'system', title: 'System' },
] as const;

export type PageId = (typeof pages)[number]['id'];

function parse(hash: string): PageId {
  const id = hash.replace(/^#\/?/, '').split('/')[0];
  return pages.find((p) => p.id === id)?.id ?? 'datasets';
}

export class Router {
  current = $state<PageId>(parse(window.location.hash));

  constructor() {
    window.addEventListener('hashchange', () => (this.current = parse(window.location.hash)));
  }

  go(id: PageId): void {
    window.location.hash = `#/${id}`;
  }
}
