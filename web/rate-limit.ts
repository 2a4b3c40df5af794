// How often one key (a link, a client address, a typed email) may post in a minute, in this process's memory.

/**
 * Counts of recent POSTs per key (a link, an address, a typed email) within the last minute. The keys are
 * bounded: past KEPT_KEYS the ones idle for a minute go, at most once a second; if all are recent, the oldest
 * go — so that a flood of made-up keys costs it neither memory nor time.
 */
export class RateLimit {
  static readonly KEPT_KEYS = 10_000;
  readonly #hits = new Map<string, number[]>();
  #sweptAt = 0;
  constructor(readonly perMinute: number) {}

  /** Records a hit; false once the key has used its minute's share. */
  allow(key: string, now: number): boolean {
    const recent = (this.#hits.get(key) ?? []).filter((t) => now - t < 60_000);
    this.#hits.delete(key);
    if (recent.length >= this.perMinute) {
      this.#hits.set(key, recent);
      return false;
    }
    recent.push(now);
    this.#hits.set(key, recent);
    if (this.#hits.size > RateLimit.KEPT_KEYS) this.#sweep(now);
    return true;
  }

  get size(): number {
    return this.#hits.size;
  }

  #sweep(now: number): void {
    if (now - this.#sweptAt >= 1000) {
      this.#sweptAt = now;
      for (const [key, hits] of this.#hits) if (hits.every((t) => now - t >= 60_000)) this.#hits.delete(key);
    }
    // Least recently hit first (a hit moves its key to the end).
    for (const key of this.#hits.keys()) {
      if (this.#hits.size <= RateLimit.KEPT_KEYS) break;
      this.#hits.delete(key);
    }
  }
}
