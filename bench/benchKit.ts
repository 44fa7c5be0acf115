// Shared pieces for benchmarks: a CSOC on a throwaway database, autocannon runs, and figure printing.
import autocannon from 'autocannon';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestCsoc, type TestCsoc } from '@csoc/server/testing/startTestCsoc.ts';

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

export async function load(
  url: string,
  options: { headers?: Record<string, string>; seconds?: number; connections?: number } = {},
): Promise<LoadResult> {
  const result = await autocannon({
    url,
    headers: options.headers,
    duration: options.seconds ?? 5,
    connections: options.connections ?? 10,
  });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

export function startBenchCsoc(databaseUrl?: string, env: Record<string, string> = {}): Promise<TestCsoc> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-bench-'));
  return startTestCsoc({
    databaseUrl: databaseUrl ?? `sqlite:${path.join(dir, 'csoc.db')}`,
    env: { CSOC_LOG_LEVEL: 'warn', CSOC_LOGIN_RATE_LIMIT_PER_MINUTE: '100000', ...env },
  });
}

export function printTable(title: string, rows: Record<string, string | number>[]): void {
  console.log(`\n## ${title}`);
  console.table(rows);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export const round = (value: number, digits = 2) => Number(value.toFixed(digits));
