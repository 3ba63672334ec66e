/** Hash routing between the pages (#/datasets, #/runs, ...): an unknown route, or one the role is not offered, goes to the role's home page. */
import type { Role } from '../../src-core/governance/roles';
import { homePage, pages, pagesFor, type PageId } from './pages';

export { pages, pagesFor, type PageId };

function parse(hash: string): PageId | null {
  const id = hash.replace(/^#\/?/, '').split('/')[0];
  return pages.find((p) => p.id === id)?.id ?? null;
}

export class Router {
  requested = $state<PageId | null>(parse(window.location.hash));

  constructor() {
    window.addEventListener('hashchange', () => (this.requested = parse(window.location.hash)));
  }

  /** The page to show for this role: the requested one when the role may open it, else the role's home. */
  currentFor(role: Role): PageId {
    const open = pagesFor(role);
    return open.find((p) => p.id === this.requested)?.id ?? homePage[role];
  }

  go(id: PageId): void {
    window.location.hash = `#/${id}`;
    this.requested = id;
  }

  titleOf(id: PageId): string {
    return pages.find((p) => p.id === id)!.title;
  }
}
