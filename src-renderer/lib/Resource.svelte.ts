/**
 * Rune state for async calls. `Resource` numbers each request and keeps only the latest answer (a slow
 * earlier answer that arrives late is dropped), and clears the old value when a new error arrives, so a
 * page never shows stale data under a fresh error. `Action` runs a button press and keeps its error.
 */
import { toShownError, type ShownError } from './humanError';
import { LatestOnly } from './latestOnly';

export { toShownError, type ShownError };

export class Resource<T> {
  value = $state<T | undefined>(undefined);
  error = $state<ShownError | undefined>(undefined);
  loading = $state(false);
  private readonly requests = new LatestOnly();

  constructor(private readonly load: () => Promise<T>) {}

  async refresh(): Promise<void> {
    const current = this.requests.begin();
    this.loading = true;
    try {
      const value = await this.load();
      if (!current()) return;
      this.value = value;
      this.error = undefined;
    } catch (error) {
      if (!current()) return;
      this.value = undefined;
      this.error = toShownError(error);
    } finally {
      if (current()) this.loading = false;
    }
  }

  /** Forgets value and error (e.g. when the selection they belonged to changes). */
  clear(): void {
    this.requests.invalidate();
    this.value = undefined;
    this.error = undefined;
    this.loading = false;
  }
}

/** Runs an action (a button press) and keeps its error for display. */
export class Action<A extends unknown[], T> {
  error = $state<ShownError | undefined>(undefined);
  running = $state(false);
  result = $state<T | undefined>(undefined);

  constructor(private readonly run: (...args: A) => Promise<T>) {}

  async invoke(...args: A): Promise<T | undefined> {
    this.running = true;
    this.error = undefined;
    this.result = undefined;
    try {
      this.result = await this.run(...args);
      return this.result;
    } catch (error) {
      this.error = toShownError(error);
      return undefined;
    } finally {
      this.running = false;
    }
  }
}
