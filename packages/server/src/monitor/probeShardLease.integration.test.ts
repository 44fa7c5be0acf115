// The probe shard leases on both databases, with the clock in the test's hands: live probers share the
// shards fairly and never hold one twice; a prober that stops renewing (it died) loses its shards to the
// others once its lease expires and learns it lost them; a release hands them over at once.
import fs from 'node:fs';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type CsocDatabase } from '../db/createDatabase.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { testDatabaseTargets } from '../testing/testDatabases.ts';
import {
  maintainShardLeases,
  PROBE_SHARDS,
  probeShardOf,
  releaseShardLeases,
  shardHolders,
} from './probeShardLease.ts';

const LEASE_MS = 30_000;

describe.each(testDatabaseTargets)('probe shard leases on $dialect', (target) => {
  let database: CsocDatabase;

  beforeAll(async () => {
    database = createDatabase({
      url: await target.create(),
      dataDir: fs.mkdtempSync(`${os.tmpdir()}/csoc-shards-`),
    });
    await migrateToLatest(database);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('shares the shards fairly, hands a dead prober’s shards over after its lease, and never holds one twice', async () => {
    const t0 = Date.now();
    const round = (prober: string, now: number) =>
      maintainShardLeases(database, { prober, leaseMs: LEASE_MS, now });

    // Alone, a prober holds every shard.
    expect((await round('a', t0)).size).toBe(PROBE_SHARDS);
    // A second prober appears: it gets nothing until A's next round gives half up, then takes that half.
    expect((await round('b', t0 + 1000)).size).toBe(0);
    const a = await round('a', t0 + 2000);
    const b = await round('b', t0 + 3000);
    expect([a.size, b.size]).toEqual([PROBE_SHARDS / 2, PROBE_SHARDS / 2]);
    expect([...a].filter((shard) => b.has(shard))).toEqual([]);

    // A dies (no more rounds). Before its lease expires B cannot take A's shards ...
    expect((await round('b', t0 + 10_000)).size).toBe(PROBE_SHARDS / 2);
    // ... after it, B holds everything, and A (waking up late) learns it holds nothing.
    const later = t0 + 3000 + LEASE_MS + 1000;
    expect((await round('b', later)).size).toBe(PROBE_SHARDS);
    expect(new Set((await shardHolders(database, later)).values())).toEqual(new Set(['b']));
    expect((await round('a', later + 1)).size).toBe(0);

    // A release hands the shards over at once.
    await releaseShardLeases(database, 'b');
    expect((await round('a', later + 2)).size).toBe(PROBE_SHARDS);
  });

  it('puts every commons in one shard, the same in every process', () => {
    const id = '01a24b75-4842-7000-a820-d52b20a377ed';
    expect(probeShardOf(id)).toBe(probeShardOf(String(id)));
    const shards = new Set(Array.from({ length: 2000 }, (_, index) => probeShardOf(`commons-${index}`)));
    expect(shards.size).toBe(PROBE_SHARDS);
  });
});
