/** Latency figures of one series, in milliseconds. */
export interface LatencySummary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
}

/** Nearest-rank percentile (the value below which `q` of the samples lie); with few samples p99 is the maximum. */
export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil(q * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function summarize(samples: number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, value) => sum + value, 0) / Math.max(sorted.length, 1);
  return { n: sorted.length, p50: round(percentile(sorted, 0.5)), p95: round(percentile(sorted, 0.95)), p99: round(percentile(sorted, 0.99)), mean: round(mean), max: round(sorted[sorted.length - 1] ?? Number.NaN) };
}

export function round(value: number, digits = 2): number {
  if (!Number.isFinite(value)) return value;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function ratio(value: number, baseline: number): number {
  return round(value / baseline, 2);
}

export const sleep = (milliseconds: number) => new Promise<void>((resolve) => setTimeout(resolve, milliseconds));

/**
 * Runs timed variants in interleaved rounds, so that whatever else the shared machine does hits each of them alike:
 * a round runs every variant that still wants samples once, in turn. Each variant stops at its own sample cap; the
 * whole stops once the time budget is spent and every variant has its minimum.
 */
export async function interleave(
  variants: Array<{ name: string; run: () => Promise<void>; min: number; max: number; warmup?: number }>,
  budgetMs: number,
): Promise<Record<string, number[]>> {
  for (const variant of variants) for (let round = 0; round < Math.min(variant.warmup ?? 3, variant.max); round += 1) await variant.run();
  const samples: Record<string, number[]> = Object.fromEntries(variants.map((variant) => [variant.name, []]));
  const started = performance.now();
  for (;;) {
    const elapsed = performance.now() - started;
    const wanting = variants.filter((variant) => samples[variant.name].length < variant.max && (elapsed < budgetMs || samples[variant.name].length < variant.min));
    if (wanting.length === 0) return samples;
    let ran = false;
    for (const variant of wanting) {
      // A variant that costs much more than the others runs once in a while, spread over the budget.
      const share = samples[variant.name].length / variant.max;
      if (share > elapsed / budgetMs && samples[variant.name].length >= variant.min && elapsed < budgetMs) continue;
      const start = performance.now();
      await variant.run();
      samples[variant.name].push(performance.now() - start);
      ran = true;
    }
    if (!ran) await sleep(5);
  }
}
