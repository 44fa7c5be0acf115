// Types of cliBundle.mjs for the TypeScript that calls it (tests, the bench).
export declare const CLI_ROOT: string;
export declare const REPO_ROOT: string;
export declare const DEFAULT_DIST_DIR: string;
export declare function freshCliBundle(distDir?: string): string | undefined;
export declare function buildCliBundle(distDir?: string): Promise<string>;
export declare function ensureCliBundle(distDir?: string): Promise<string>;
