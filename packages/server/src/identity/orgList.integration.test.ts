// The org list serves a page it read before while the database shows no change (ADR 0066): these tests
// show that what a user sees is never stale, whoever made the change: this replica, another process
// on the same database (another replica, SQL by hand), a membership granted or taken away.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCsoc, type TestCsoc } from '../testing/startTestCsoc.ts';
import { testDatabaseTargets } from '../testing/testDatabases.ts';
import { createSignedInUser, createTokenClient, ensureOrg } from '../testing/testUsers.ts';

const betterSqlitePath = createRequire(import.meta.url).resolve('better-sqlite3');

/** Runs one SQL statement from another process, as another replica (or an operator with psql) would. */
async function writeFromAnotherProcess(databaseUrl: string, statement: string, params: string[]) {
  if (databaseUrl.startsWith('sqlite:')) {
    const script = `const Database = require(${JSON.stringify(betterSqlitePath)});
      const db = new Database(process.argv[1]); db.pragma('busy_timeout = 15000');
      db.prepare(process.argv[2]).run(...JSON.parse(process.argv[3])); db.close();`;
    execFileSync(
      process.execPath,
      ['-e', script, databaseUrl.slice('sqlite:'.length), statement, JSON.stringify(params)],
      { timeout: 60_000 },
    );
    return;
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      statement.replace(
        /\?/g,
        (_, offset: number, whole: string) => `$${whole.slice(0, offset).split('?').length}`,
      ),
      params,
    );
  } finally {
    await client.end();
  }
}

const names = (body: { items: { slug: string; name: string }[] }) =>
  Object.fromEntries(body.items.map((org) => [org.slug, org.name]));

describe.each(testDatabaseTargets)('the org list on $dialect', (target) => {
  let csoc: TestCsoc;
  let databaseUrl: string;
  beforeAll(async () => {
    databaseUrl = await target.create();
    csoc = await startTestCsoc({ databaseUrl });
    for (const slug of ['list-a', 'list-b', 'list-c']) await ensureOrg(csoc, slug);
  }, 120_000);
  afterAll(async () => {
    await csoc?.stop();
  });

  it('shows a rename made through this replica on the very next request', async () => {
    const before = await csoc.admin.get('/api/v1/orgs?limit=50');
    expect(before.status).toBe(200);
    expect(names(before.body)['list-a']).toBe('list-a');
    // Asked twice with nothing changed: the same answer, byte for byte, with the usual headers.
    const again = await csoc.admin.get('/api/v1/orgs?limit=50');
    expect(again.text).toBe(before.text);
    expect(again.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(again.headers.get('cache-control')).toBe('no-store');
    expect(again.headers.get('x-content-type-options')).toBe('nosniff');

    const renamed = await csoc.admin.patch('/api/v1/orgs/list-a', { name: 'List A, renamed' });
    expect(renamed.status).toBe(200);
    expect(names((await csoc.admin.get('/api/v1/orgs?limit=50')).body)['list-a']).toBe('List A, renamed');
  });

  it('pages with a cursor, each page its own', async () => {
    const first = await csoc.admin.get('/api/v1/orgs?limit=2');
    expect(first.body.items).toHaveLength(2);
    const second = await csoc.admin.get(`/api/v1/orgs?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.status).toBe(200);
    const firstSlugs = first.body.items.map((org: { slug: string }) => org.slug);
    for (const org of second.body.items) expect(firstSlugs).not.toContain(org.slug);
  });

  it('shows each member only their orgs, and an org they join or leave at once', async () => {
    const member = await createSignedInUser(csoc, 'lister@list.example', 'list-b', 'viewer');
    expect(Object.keys(names((await member.get('/api/v1/orgs')).body))).toEqual(['list-b']);
    // The admin's page is cached meanwhile; the member's is another audience.
    expect(Object.keys(names((await csoc.admin.get('/api/v1/orgs')).body))).toContain('list-c');

    expect(
      (await csoc.admin.post('/api/v1/orgs/list-c/members', { email: 'lister@list.example', role: 'viewer' }))
        .status,
    ).toBe(201);
    expect(Object.keys(names((await member.get('/api/v1/orgs')).body)).sort()).toEqual(['list-b', 'list-c']);

    // Taken out of list-c by another process (another replica, or SQL by hand): gone on the next request.
    await writeFromAnotherProcess(
      databaseUrl,
      'delete from memberships where org_id = (select id from orgs where slug = ?) and user_id = (select id from users where email = ?)',
      ['list-c', 'lister@list.example'],
    );
    expect(Object.keys(names((await member.get('/api/v1/orgs')).body))).toEqual(['list-b']);
  });

  it('shows a rename written by another process on the next request', async () => {
    expect(names((await csoc.admin.get('/api/v1/orgs')).body)['list-b']).toBe('list-b');
    await writeFromAnotherProcess(
      databaseUrl,
      'update orgs set name = ?, version = version + 1 where slug = ?',
      ['Renamed elsewhere', 'list-b'],
    );
    expect(names((await csoc.admin.get('/api/v1/orgs')).body)['list-b']).toBe('Renamed elsewhere');
  });

  it('shows an API token only its own org', async () => {
    const owner = await createSignedInUser(csoc, 'token-lister@list.example', 'list-c', 'owner');
    const machine = await createTokenClient(csoc, owner, 'list-c', 'viewer');
    expect(Object.keys(names((await csoc.admin.get('/api/v1/orgs')).body)).length).toBeGreaterThan(1);
    expect(Object.keys(names((await machine.get('/api/v1/orgs')).body))).toEqual(['list-c']);
  });
});
