// The statement cache behind CSOC's SQLite: a repeated query reuses its prepared statement, a statement
// still being iterated is never handed out twice, and results stay those of the current data.
import Sqlite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cacheSqliteStatements } from './cacheSqliteStatements.ts';

describe('cacheSqliteStatements', () => {
  it('reuses the statement of a repeated query and still reads the current rows', () => {
    const cached = cacheSqliteStatements(new Sqlite(':memory:'));
    cached.prepare('create table orgs (id text primary key)').run();
    const select = 'select id from orgs order by id';
    expect(cached.prepare(select)).toBe(cached.prepare(select));
    cached.prepare('insert into orgs (id) values (?)').run('a');
    expect(cached.prepare(select).all()).toEqual([{ id: 'a' }]);
    cached.prepare('insert into orgs (id) values (?)').run('b');
    expect(cached.prepare(select).all()).toEqual([{ id: 'a' }, { id: 'b' }]);
    cached.close();
  });

  it('prepares a second statement while the cached one is still being iterated', () => {
    const cached = cacheSqliteStatements(new Sqlite(':memory:'));
    cached.prepare('create table numbers (n integer)').run();
    for (const n of [1, 2, 3]) cached.prepare('insert into numbers (n) values (?)').run(n);
    const select = 'select n from numbers order by n';
    const outer = cached.prepare(select);
    const seen: number[][] = [];
    for (const row of outer.iterate() as Iterable<{ n: number }>) {
      const inner = cached.prepare(select);
      expect(inner).not.toBe(outer);
      seen.push([row.n, (inner.all() as { n: number }[]).length]);
    }
    expect(seen).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    cached.close();
  });
});
