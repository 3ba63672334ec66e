/** Short confirmations after an action ("Signature recorded"), shown in one polite live region and dismissed after a while. */
export interface Toast {
  id: number;
  text: string;
  kind: 'success' | 'info';
}

class Toasts {
  items = $state<Toast[]>([]);
  private next = 1;

  show(text: string, kind: Toast['kind'] = 'success', ms = 6000): void {
    const id = this.next++;
    this.items = [...this.items, { id, text, kind }];
    setTimeout(() => this.dismiss(id), ms);
  }

  /** Forgets every toast (a new user signed in: the last one's confirmations are not theirs). */
  clear(): void {
    this.items = [];
  }

  dismiss(id: number): void {
    this.items = this.items.filter((t) => t.id !== id);
  }
}

export const toasts = new Toasts();
