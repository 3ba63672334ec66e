/** Numbers requests so that only the latest one's answer is applied (an older answer that arrives late is dropped). */
export class LatestOnly {
  private latest = 0;

  /** Starts a request; the returned function says whether it is still the latest when its answer comes. */
  begin(): () => boolean {
    const id = ++this.latest;
    return () => id === this.latest;
  }

  /** Makes every request in flight stale. */
  invalidate(): void {
    this.latest++;
  }
}
