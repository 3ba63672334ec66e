/**
 * Maps items through an async function with at most `window` calls in flight, yielding results in
 * input order: the import keeps the pool busy while the store sees files in the order the label file
 * lists them. Nothing beyond the window is held.
 */
export async function* mapInOrder<T, R>(items: Iterable<T>, window: number, map: (item: T) => Promise<R>): AsyncGenerator<R> {
  const pending: Promise<R>[] = [];
  // A rejection is observed when its turn comes; mark it handled now so it is not reported as unhandled meanwhile.
  const track = (promise: Promise<R>) => (promise.catch(() => undefined), pending.push(promise));
  for (const item of items) {
    track(map(item));
    if (pending.length >= Math.max(1, window)) yield await pending.shift()!;
  }
  while (pending.length > 0) yield await pending.shift()!;
}
