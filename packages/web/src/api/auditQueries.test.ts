import { describe, expect, it } from 'vitest';
import { auditQueryOf, type AuditFilters } from './auditQueries.ts';

const NONE: AuditFilters = { actor: '', action: '', target: '', outcome: '', since: '' };

describe('auditQueryOf', () => {
  it('asks for 100 events and leaves empty filters out', () => {
    expect(auditQueryOf(NONE)).toEqual({ limit: 100 });
  });

  it('sends the filters that are set, the cursor of the next page, and the time as ISO', () => {
    const query = auditQueryOf(
      {
        actor: 'a@example.org',
        action: 'commons.create',
        target: '',
        outcome: 'denied',
        since: '2026-01-02T03:04',
      },
      'cursor-2',
    );
    expect(query).toEqual({
      limit: 100,
      cursor: 'cursor-2',
      actor: 'a@example.org',
      action: 'commons.create',
      outcome: 'denied',
      since: new Date('2026-01-02T03:04').toISOString(),
    });
  });
});
