// Every migration says whether the previous CSOC can run on the schema after it (ADR 0064), and the ones
// that say `expand` only add: an older process in a rolling upgrade trusts that declaration blindly.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { contractStepsIn } from './contractStepsIn.ts';
import { knownMigrationCompatibility } from './migrate.ts';

const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
const sourceOf = (name: string) => fs.readFileSync(path.join(migrationsDir, `${name}.ts`), 'utf8');

describe('migration compatibility declarations', () => {
  it('every migration declares expand or contract', async () => {
    const declared = await knownMigrationCompatibility();
    const files = fs.readdirSync(migrationsDir).filter((file) => file.endsWith('.ts'));
    expect(Object.keys(declared)).toHaveLength(files.length);
    for (const compatibility of Object.values(declared))
      expect(['expand', 'contract']).toContain(compatibility);
  });

  it('every migration declared expand only adds tables, nullable or defaulted columns and indexes', async () => {
    const declared = await knownMigrationCompatibility();
    const offenders = Object.entries(declared)
      .filter(([, compatibility]) => compatibility === 'expand')
      .map(([name]) => ({ name, reasons: contractStepsIn(sourceOf(name)) }))
      .filter((entry) => entry.reasons.length > 0);
    expect(offenders).toEqual([]);
  });

  it('the shipped contract migrations are the ones the check flags', async () => {
    const declared = await knownMigrationCompatibility();
    expect(declared['0019_monitor_fleet_index']).toBe('contract');
    expect(contractStepsIn(sourceOf('0019_monitor_fleet_index'))).toEqual(['drops an index']);
    expect(declared['0025_plugin_support_tiers']).toBe('contract');
    expect(contractStepsIn(sourceOf('0025_plugin_support_tiers'))).toEqual(['rewrites existing values']);
  });
});

describe('contractStepsIn', () => {
  it('reads only up(): what down() drops does not count', () => {
    expect(contractStepsIn(sourceOf('0021_monitor_signals_time'))).toEqual([]);
  });

  it('flags a required column added to an existing table, not a defaulted one or a new table', () => {
    const required = `export async function up(db) {
      await db.schema.alterTable('users').addColumn('tenant', 'text', (c) => c.notNull()).execute();
    }`;
    const defaulted = `export async function up(db) {
      await db.schema.alterTable('users').addColumn('version', 'integer', (c) => c.notNull().defaultTo(1)).execute();
      await db.schema.createTable('things').addColumn('id', 'text', (c) => c.notNull()).execute();
    }`;
    expect(contractStepsIn(required)).toEqual([
      'adds a NOT NULL column without a default to an existing table',
    ]);
    expect(contractStepsIn(defaulted)).toEqual([]);
  });

  it('flags renames, type changes and deletes, written with Kysely or in SQL', () => {
    const source = `export async function up(db) {
      await db.schema.alterTable('a').renameColumn('x', 'y').execute();
      await sql\`ALTER TABLE a ALTER COLUMN y TYPE integer\`.execute(db);
      await sql\`DELETE FROM b\`.execute(db);
    }`;
    expect(contractStepsIn(source)).toEqual(['renames', 'changes a column', 'deletes rows']);
  });
});
