// Table of the shared rate limiter (http/databaseRateLimitStore.ts).
export interface RateLimitWindowsTable {
  /** `<route>|<source address>` */
  key: string;
  /** When the current window started, in milliseconds since the epoch. */
  window_started_ms: number | string;
  hits: number;
}

export interface RateLimitTables {
  rate_limit_windows: RateLimitWindowsTable;
}
