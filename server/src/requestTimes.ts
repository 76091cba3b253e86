/**
 * How long the server itself spends answering requests (not counting the time a request waits in
 * the connection's queue or on the wire): the last few hundred of each kind, for
 * `smtpCodes/requestTimes` and the benchmark.
 */
const KEPT = 500;

export interface TimeSummary {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export class RequestTimes {
  private readonly times = new Map<string, number[]>();

  /** Runs `work` and records how long it took under `method`. */
  measure<T>(method: string, work: () => T): T {
    const started = performance.now();
    try {
      return work();
    } finally {
      let list = this.times.get(method);
      if (!list) this.times.set(method, (list = []));
      list.push(performance.now() - started);
      if (list.length > KEPT) list.shift();
    }
  }

  summary(): Record<string, TimeSummary> {
    const out: Record<string, TimeSummary> = {};
    for (const [method, list] of this.times) {
      const sorted = [...list].sort((a, b) => a - b);
      const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
      out[method] = { count: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] };
    }
    return out;
  }
}
