// The shared provider cache of one plugin version (ADR 0077): a folder Terraform fills on the first
// `init` (plugin_cache_dir) and links later workspaces to, so a second run of the same plugin version does
// not unpack the ~700 MB AWS provider again. Terraform does not make its cache safe for concurrent writers,
// so every init that uses it holds a lock folder beside it, kept fresh while the init runs.
import { mkdir, readdir, rm, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';

/** Environment variable the runners set: this plugin version's provider cache folder. */
export const PLUGIN_CACHE_ENV = 'CSOC_TF_PLUGIN_CACHE_DIR';

/** The lock folder inside the cache; its mtime is the holder's heartbeat. */
export const CACHE_LOCK_DIR = '.csoc-init.lock';

export interface CacheLockOptions {
  /** A lock not refreshed for this long is taken over (its holder died); default 60 s. */
  staleMs?: number;
  /** How often the holder refreshes the lock; default 10 s. */
  heartbeatMs?: number;
  /** Give up after this long; default 15 minutes (a provider download can take minutes). */
  timeoutMs?: number;
  /** Told once when the lock is held by another init. */
  onWait?: () => void;
  signal?: AbortSignal;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work` holding the cache's lock. The lock is a folder (mkdir is atomic on every local and network
 * filesystem and in every container that mounts the cache); a holder that died (kill -9, lost node) stops
 * refreshing it and is taken over after `staleMs`.
 */
export async function withCacheLock<T>(
  cacheDir: string,
  work: () => Promise<T>,
  options: CacheLockOptions = {},
): Promise<T> {
  const lockDir = join(cacheDir, CACHE_LOCK_DIR);
  const staleMs = options.staleMs ?? 60_000;
  const deadline = Date.now() + (options.timeoutMs ?? 15 * 60_000);
  await mkdir(cacheDir, { recursive: true });
  let told = false;
  for (let delay = 20; ; delay = Math.min(delay * 2, 500)) {
    if (options.signal?.aborted) throw options.signal.reason as Error;
    try {
      await mkdir(lockDir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const since = await stat(lockDir).then(
      (s) => Date.now() - s.mtimeMs,
      () => 0,
    );
    if (since > staleMs) {
      await rm(lockDir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline)
      throw new Error(
        `the provider cache ${cacheDir} stayed locked by another terraform init; remove ${lockDir} if no init is running`,
      );
    if (!told) options.onWait?.();
    told = true;
    await sleep(delay);
  }
  const heartbeat = setInterval(() => {
    const now = new Date();
    utimes(lockDir, now, now).catch(() => {});
  }, options.heartbeatMs ?? 10_000);
  heartbeat.unref();
  try {
    return await work();
  } finally {
    clearInterval(heartbeat);
    await rm(lockDir, { recursive: true, force: true });
  }
}

/**
 * Whether a filesystem mirror holds only unpacked providers. Terraform links a workspace straight to an
 * unpacked mirror (nothing is copied), and with a cache in between it checks the provider twice: the cache
 * only pays off for archives (`terraform providers mirror`'s default layout) and downloads.
 */
export async function mirrorIsUnpackedOnly(mirror: string): Promise<boolean> {
  // <mirror>/<host>/<namespace>/<type>/ holds either <version>/<os_arch>/ folders or *.zip archives.
  const list = async (dir: string) =>
    (await readdir(dir, { withFileTypes: true }).catch(() => [])).map((entry) => ({
      path: join(dir, entry.name),
      entry,
    }));
  for (const host of await list(mirror))
    for (const namespace of host.entry.isDirectory() ? await list(host.path) : [])
      for (const type of namespace.entry.isDirectory() ? await list(namespace.path) : [])
        for (const item of type.entry.isDirectory() ? await list(type.path) : [])
          if (item.entry.name.endsWith('.zip')) return false;
  return true;
}
