import { describe, expect, it } from 'vitest';
import { searchLines } from './useLogStream.ts';

describe('searching the shown lines of a log', () => {
  const log = 'GET /user 200\nPOST /login 401 Unauthorized\nget /USER/abc 200\n';

  it('keeps the matching lines, case-insensitively, with their line numbers', () => {
    expect(searchLines(log, 'user')).toEqual([
      { number: 1, line: 'GET /user 200' },
      { number: 3, line: 'get /USER/abc 200' },
    ]);
    expect(searchLines(log, '  401 ')).toEqual([{ number: 2, line: 'POST /login 401 Unauthorized' }]);
  });

  it('shows every line without a search, and none for a search nothing matches', () => {
    expect(searchLines(log, '')).toHaveLength(3);
    expect(searchLines(log, 'ElasticSearch')).toEqual([]);
    expect(searchLines('', '')).toEqual([]);
  });
});
