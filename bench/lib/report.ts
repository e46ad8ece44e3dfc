import { LoadReport } from './database';
import { EmailPipelineResult } from './email-pipeline';
import { Comparison, scaleLabel } from './latency';
import { LatencySummary } from './stats';
import { ThroughputTarget } from './throughput';

export interface TargetRow {
  measurement: string;
  figure: string;
  value: number | null;
  unit: string;
  target: string;
  /** null: not measured in this run. */
  met: boolean | null;
  note?: string;
}

export interface BenchResult {
  startedAt: string;
  finishedAt: string;
  durationSeconds: number;
  command: string;
  options: Record<string, unknown>;
  machine: Record<string, unknown>;
  dataset: { scale: number; mainScale: number; points: number[]; countryShares: Record<string, number>; loads: LoadReport[]; loadTo100k?: { seconds: number; met: boolean } };
  suggestions: Comparison[];
  directory: Comparison[];
  throughput: ThroughputTarget[];
  email: EmailPipelineResult | null;
  memory: { peaksMb: Record<string, Record<string, number>>; apiPeakMb: number | null; workerPeakMb: number | null; underLoadPhases: string[] };
  targets: TargetRow[];
}

const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(value >= 100 ? 0 : 1)}` : '–');
const verdict = (met: boolean | null) => (met === null ? 'not measured' : met ? '**met**' : '**MISSED**');

/** The targets of the issue, evaluated on this run's figures; a target is never loosened to pass. */
export function evaluateTargets(result: Omit<BenchResult, 'targets'>): TargetRow[] {
  const rows: TargetRow[] = [];
  const at = (comparisons: Comparison[]) => comparisons.find((comparison) => comparison.scale === 100_000) ?? null;
  const where = (comparison: Comparison | null) => (comparison ? `at ${scaleLabel(comparison.scale)}` : 'at 100k');
  for (const [name, comparisons] of [
    ['1. Suggestions', result.suggestions],
    ['2. Directory search', result.directory],
  ] as const) {
    const comparison = at(comparisons);
    const failing = [...new Set(comparisons.flatMap((entry) => entry.failures).map((failure) => failure.replace(/ answers .*/, '')))];
    if (failing.length > 0) {
      rows.push({ measurement: name, figure: 'requests answered without error', value: failing.length, unit: 'failing', target: 'every request answered', met: false, note: failing.join(', ') });
    }
    rows.push({ measurement: name, figure: `endpoint p95 ${where(comparison)}`, value: comparison?.endpoint.p95 ?? null, unit: 'ms', target: '< 50 ms', met: comparison ? comparison.endpoint.p95 < 50 : null });
    rows.push({
      measurement: name,
      figure: `endpoint p50 / SQL floor p50 ${where(comparison)}`,
      value: comparison?.endpointToFloor.p50 ?? null,
      unit: '×',
      target: '≤ 1.5×',
      met: comparison ? comparison.endpointToFloor.p50 <= 1.5 : null,
    });
    rows.push({
      measurement: name,
      figure: `naive p50 / endpoint p50 ${where(comparison)}`,
      value: comparison?.naiveToEndpoint.p50 ?? null,
      unit: '×',
      target: '≥ 10×',
      met: comparison ? comparison.naiveToEndpoint.p50 >= 10 : null,
    });
  }
  for (const target of result.throughput) {
    rows.push({
      measurement: '3. API throughput',
      figure: `${target.name} req/s / GET /health req/s`,
      value: target.ratioToFloor,
      unit: '×',
      target: target.kind === 'read' ? '≥ 0.5×' : 'none (reported)',
      met: target.kind === 'read' ? target.ratioToFloor >= 0.5 && target.run.non2xx === 0 : null,
      note: target.run.non2xx > 0 ? `${target.run.non2xx} non-2xx answers` : undefined,
    });
  }
  if (result.throughput.length === 0) rows.push({ measurement: '3. API throughput', figure: 'reads / floor', value: null, unit: '×', target: '≥ 0.5×', met: null });
  const email = result.email;
  rows.push({ measurement: '4. Email pipeline', figure: 'emails/s end to end / raw nodemailer emails/s', value: email?.ratioToRaw ?? null, unit: '×', target: '≥ 0.7×', met: email ? email.ratioToRaw >= 0.7 : null });
  rows.push({
    measurement: '4. Email pipeline',
    figure: 'approval → SMTP acceptance p95 (paced; from the approval request, an upper bound of from-commit)',
    value: email?.paced.fromRequest.p95 ?? null,
    unit: 'ms',
    target: '< 1000 ms',
    met: email ? email.paced.fromRequest.p95 < 1000 : null,
  });
  rows.push({ measurement: '5. Memory', figure: 'API process peak RSS under load', value: result.memory.apiPeakMb, unit: 'MB', target: '< 250 MB', met: result.memory.apiPeakMb === null ? null : result.memory.apiPeakMb < 250 });
  rows.push({ measurement: '5. Memory', figure: 'worker process peak RSS under load', value: result.memory.workerPeakMb, unit: 'MB', target: '< 250 MB', met: result.memory.workerPeakMb === null ? null : result.memory.workerPeakMb < 250 });
  if (result.dataset.loadTo100k) {
    rows.push({ measurement: 'Data', figure: 'loading 100,000 profiles (generation + insert + consents)', value: result.dataset.loadTo100k.seconds, unit: 's', target: '< 60 s', met: result.dataset.loadTo100k.met });
  }
  return rows;
}

function latencyRow(label: string, summary: LatencySummary, extra: string[]): string {
  return `| ${[label, String(summary.n), ms(summary.p50), ms(summary.p95), ms(summary.p99), ...extra].join(' | ')} |`;
}

function comparisonTable(comparisons: Comparison[]): string[] {
  const lines = ['| profiles | variant | n | p50 ms | p95 ms | p99 ms | ratio (p50) | ratio (p95) |', '|---|---|---|---|---|---|---|---|'];
  for (const comparison of comparisons) {
    const scale = scaleLabel(comparison.scale);
    lines.push(latencyRow(`${scale} | SQL floor (pg)`, comparison.floor, ['1 (baseline)', '1 (baseline)']));
    lines.push(latencyRow(`${scale} | HTTP endpoint`, comparison.endpoint, [`${comparison.endpointToFloor.p50}× floor`, `${comparison.endpointToFloor.p95}× floor`]));
    lines.push(latencyRow(`${scale} | naive (Node)`, comparison.naive, [`${comparison.naiveToEndpoint.p50}× endpoint`, `${comparison.naiveToEndpoint.p95}× endpoint`]));
  }
  return lines;
}

function growthTable(result: BenchResult): string[] {
  const lines = [
    '| profiles | suggestions p50 / p95 ms | × smallest (p50) | ranking query EXPLAIN ms (reference SME) | directory p50 / p95 ms | × smallest (p50) | slowest directory statement EXPLAIN ms |',
    '|---|---|---|---|---|---|---|',
  ];
  const firstSuggestion = result.suggestions[0];
  const firstDirectory = result.directory[0];
  for (const suggestion of result.suggestions) {
    const directory = result.directory.find((entry) => entry.scale === suggestion.scale);
    const slowest = directory ? Math.max(...directory.plans.map((plan) => plan.executionMs)) : Number.NaN;
    lines.push(
      `| ${scaleLabel(suggestion.scale)} | ${ms(suggestion.endpoint.p50)} / ${ms(suggestion.endpoint.p95)} | ${(suggestion.endpoint.p50 / firstSuggestion.endpoint.p50).toFixed(1)} | ${ms(suggestion.plans[0]?.executionMs ?? Number.NaN)} | ${
        directory ? `${ms(directory.endpoint.p50)} / ${ms(directory.endpoint.p95)}` : '–'
      } | ${directory ? (directory.endpoint.p50 / firstDirectory.endpoint.p50).toFixed(1) : '–'} | ${ms(slowest)} |`,
    );
  }
  return lines;
}

export function markdown(result: BenchResult, jsonFile: string): string {
  const lines: string[] = [];
  const missed = result.targets.filter((row) => row.met === false);
  lines.push(`# ISA Match benchmark, ${result.startedAt}`);
  lines.push('');
  lines.push(`\`${result.command}\` — ${result.durationSeconds.toFixed(0)} s on ${result.machine.cpus} × ${result.machine.cpuModel}, ${result.machine.memoryGb} GB, Node ${result.machine.node}, ${result.machine.postgres}, Redis ${result.machine.redis}. Figures: [${jsonFile}](${jsonFile}); query plans: [plans/](plans/).`);
  lines.push('');
  lines.push(
    `Data: ${result.dataset.points.map(scaleLabel).join(', ')} synthetic profiles over the 40 member cities in proportion to their population (${Object.entries(result.dataset.countryShares)
      .map(([country, share]) => `${country} ${(share * 100).toFixed(1)}%`)
      .join(', ')}); the API, worker and SMTP sink run as separate processes on the same machine as PostgreSQL, Redis and the load generator. Every figure is compared with a baseline measured in the same run.`,
  );
  lines.push('');
  lines.push('## Targets');
  lines.push('');
  lines.push('| measurement | figure | value | target | result |');
  lines.push('|---|---|---|---|---|');
  for (const row of result.targets) {
    lines.push(`| ${row.measurement} | ${row.figure} | ${row.value === null ? '–' : `${row.value} ${row.unit}`} | ${row.target} | ${verdict(row.met)}${row.note ? ` (${row.note})` : ''} |`);
  }
  lines.push('');
  lines.push(missed.length === 0 ? 'Every measured target was met.' : `**${missed.length} target(s) missed:** ${missed.map((row) => `${row.measurement}: ${row.figure} = ${row.value} ${row.unit} (target ${row.target})`).join('; ')}. See [FINDINGS.md](FINDINGS.md) for the causes, with query plans, and the fixes.`);
  lines.push('');
  lines.push('## 1. Suggestions (GET /api/companies/:id/suggestions)');
  lines.push('');
  lines.push(`Workload: ${result.suggestions[0]?.workload ?? '–'}. Floor: the statements MatchingService sends, replayed with pg on one connection. Naive: every candidate of the markets in scope loaded into Node and scored there.`);
  lines.push('');
  lines.push(...comparisonTable(result.suggestions));
  lines.push('');
  for (const comparison of result.suggestions) lines.push(`- ${scaleLabel(comparison.scale)}: ${comparison.checks.join('; ')}`);
  lines.push('');
  lines.push('## 2. Directory search (GET /api/companies)');
  lines.push('');
  lines.push(`Workload: ${result.directory[0]?.workload ?? '–'}. Floor: the statements CompanyDirectoryService sends (count and page), replayed with pg. Naive: every live profile loaded into Node, filtered and matched there.`);
  lines.push('');
  lines.push(...comparisonTable(result.directory));
  lines.push('');
  for (const comparison of result.directory) lines.push(`- ${scaleLabel(comparison.scale)}: ${comparison.checks.join('; ')}`);
  for (const comparison of result.directory) for (const failure of comparison.failures) lines.push(`- **FAILED at ${scaleLabel(comparison.scale)}:** ${failure.replace(/\|/g, '\\|')}`);
  lines.push('');
  lines.push('## 3. API throughput (autocannon)');
  lines.push('');
  if (result.throughput.length > 0) {
    lines.push(`${result.options.connections} connections, ${result.options.duration} s per run; each route right after its own GET /health run (the floor). Latency per request.`);
    lines.push('');
    lines.push('| route | req/s | floor req/s | ratio | p50 ms | p95 ms | p99 ms | non-2xx | target | result |');
    lines.push('|---|---|---|---|---|---|---|---|---|---|');
    for (const target of result.throughput) {
      lines.push(
        `| ${target.route} (${target.name}) | ${target.run.requestsPerSecond} | ${target.floor.requestsPerSecond} | ${target.ratioToFloor}× | ${ms(target.run.latency.p50)} | ${ms(target.run.latency.p95)} | ${ms(target.run.latency.p99)} | ${target.run.non2xx} | ${
          target.kind === 'read' ? '≥ 0.5×' : '–'
        } | ${target.kind === 'read' ? verdict(target.ratioToFloor >= 0.5 && target.run.non2xx === 0) : 'reported'} |`,
      );
    }
    lines.push(`| GET /health (floor, each run) | ${result.throughput.map((target) => target.floor.requestsPerSecond).join(' / ')} | | | ${result.throughput.map((target) => ms(target.floor.latency.p50)).join(' / ')} | ${result.throughput.map((target) => ms(target.floor.latency.p95)).join(' / ')} | ${result.throughput.map((target) => ms(target.floor.latency.p99)).join(' / ')} | | | |`);
  } else lines.push('Not measured in this run.');
  lines.push('');
  lines.push('## 4. Email pipeline');
  lines.push('');
  const email = result.email;
  if (email) {
    lines.push(
      `${email.approvals} approvals (POST /api/officer/match-requests/:id/approve, 8 at a time, ${email.approvalsPerSecond}/s) → ${email.emails} emails (${Object.entries(email.templates)
        .map(([template, count]) => `${count} ${template}`)
        .join(', ')}) accepted by the local SMTP sink. Baseline: raw nodemailer sending the same messages (parsed back from what the sink received) over a pooled transport with MailTransport's options.`,
    );
    lines.push('');
    lines.push('| figure | value | baseline | ratio | target | result |');
    lines.push('|---|---|---|---|---|---|');
    lines.push(`| emails/s, first approval → last acceptance | ${email.app.emailsPerSecond} (${email.app.seconds} s) | raw nodemailer ${email.raw.emailsPerSecond} (${email.raw.seconds} s) | ${email.ratioToRaw}× | ≥ 0.7× | ${verdict(email.ratioToRaw >= 0.7)} |`);
    lines.push(`| introductions/s | ${email.app.introductionsPerSecond} | | | | |`);
    lines.push(`| approvals/s (8 concurrent officer requests) | ${email.approvalsPerSecond} | | | | |`);
    lines.push(`| emails/s, first → last acceptance (delivery side alone, diagnosis) | ${email.deliveryOnly.emailsPerSecond} (${email.deliveryOnly.seconds} s) | raw nodemailer ${email.raw.emailsPerSecond} | ${(email.deliveryOnly.emailsPerSecond / email.raw.emailsPerSecond).toFixed(2)}× | | |`);
    lines.push('');
    lines.push(`Latency of the introduction email, approvals paced at ${email.paced.perSecond}/s (${email.paced.approvals} approvals), and during the burst (queueing included):`);
    lines.push('');
    lines.push('| series | n | p50 ms | p95 ms | p99 ms | target | result |');
    lines.push('|---|---|---|---|---|---|---|');
    lines.push(`${latencyRow('paced: approval request sent → SMTP 250 (upper bound)', email.paced.fromRequest, ['p95 < 1000 ms', verdict(email.paced.fromRequest.p95 < 1000)])}`);
    lines.push(`${latencyRow('paced: approval response (after commit) → SMTP 250 (lower bound)', email.paced.fromResponse, ['', ''])}`);
    lines.push(`${latencyRow(`burst of ${email.approvals}: approval response → SMTP 250`, email.burstLatency, ['', ''])}`);
  } else lines.push('Not measured in this run.');
  lines.push('');
  lines.push('## 5. Resident memory (VmRSS, sampled every 250 ms)');
  lines.push('');
  const phases = [...new Set(Object.values(result.memory.peaksMb).flatMap((entry) => Object.keys(entry)))];
  lines.push(`| process | ${phases.join(' | ')} | peak under load | target | result |`);
  lines.push(`|---|${phases.map(() => '---|').join('')}---|---|---|`);
  for (const [name, peaks] of Object.entries(result.memory.peaksMb)) {
    const peak = name === 'api' ? result.memory.apiPeakMb : name === 'worker' ? result.memory.workerPeakMb : null;
    lines.push(`| ${name} | ${phases.map((phase) => (peaks[phase] === undefined ? '–' : String(peaks[phase]))).join(' | ')} | ${peak ?? '–'} | ${peak === null ? '–' : '< 250 MB'} | ${peak === null ? '–' : verdict(peak < 250)} |`);
  }
  lines.push('');
  lines.push(`Under load: ${result.memory.underLoadPhases.join(', ')}.`);
  lines.push('');
  lines.push('## 6. How cost grows');
  lines.push('');
  lines.push(...growthTable(result));
  lines.push('');
  lines.push('Loading: ' + result.dataset.loads.map((load) => `${load.from.toLocaleString('en')}–${load.to.toLocaleString('en')} in ${load.seconds.toFixed(1)} s (${Math.round(load.profilesPerSecond)}/s, then VACUUM ANALYZE ${load.analyzeSeconds.toFixed(1)} s)`).join('; ') + '.');
  lines.push('');
  lines.push('Query plans (EXPLAIN ANALYZE, BUFFERS): ' + [...new Set([...result.suggestions, ...result.directory].flatMap((comparison) => comparison.plans.map((plan) => plan.file)))].map((file) => `[${file}](${file})`).join(', ') + '.');
  lines.push('');
  return lines.join('\n');
}
