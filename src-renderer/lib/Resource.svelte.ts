/** Rune state for one async call: its value, its error (as a HilumError-like object) and whether it runs. */
export interface ShownError {
  code: string;
  message: string;
}

export function toShownError(error: unknown): ShownError {
  if (typeof error === 'object' && error !== null && 'code' in error && 'message' in error) {
    return { code: String((error as { code: unknown }).code), message: String((error as { message: unknown }).message) };
  }
  return { code: 'BUG', message: error instanceof Error ? error.message : String(error) };
}

export class Resource<T> {
  value = $state<T | undefined>(undefined);
  error = $state<ShownError | undefined>(undefined);
  loading = $state(false);

  constructor(private readonly load: () => Promise<T>) {}

  async refresh(): Promise<void> {
    this.loading = true;
    try {
      this.value = await this.load();
      this.error = undefined;
    } catch (error) {
      this.error = toShownError(error);
    } finally {
      this.loading = false;
    }
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
