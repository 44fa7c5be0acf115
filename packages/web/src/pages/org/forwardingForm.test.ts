import { describe, expect, it } from 'vitest';
import {
  emptyForwardingForm,
  formatBytes,
  requestCount,
  forwardingRequestOf,
  headerRowProblem,
  replacementForm,
} from './forwardingForm.ts';

describe('the forwarding form', () => {
  it('sends the typed headers and leaves empty rows out', () => {
    const form = emptyForwardingForm();
    form.endpoint = ' https://otlp.example.org:4318 ';
    form.headers = [
      { name: 'Authorization', value: 'Bearer abc' },
      { name: '', value: '' },
      { name: ' X-Scope-OrgID ', value: 'tenant-1' },
    ];
    expect(forwardingRequestOf(form)).toEqual({
      endpoint: 'https://otlp.example.org:4318',
      enabled: true,
      headers: { Authorization: 'Bearer abc', 'X-Scope-OrgID': 'tenant-1' },
    });
  });

  it('asks for every value again when replacing, keeping the names', () => {
    const form = replacementForm({
      endpoint: 'https://a.example.org',
      enabled: false,
      headerNames: ['Authorization'],
    });
    expect(form).toEqual({
      endpoint: 'https://a.example.org',
      enabled: false,
      headers: [{ name: 'Authorization', value: '' }],
    });
    expect(headerRowProblem(form.headers[0]!, form.headers)).toMatch(/Type the value of Authorization/);
  });

  it('refuses names the API refuses, and a name listed twice', () => {
    const rows = [
      { name: 'Bad Name', value: 'x' },
      { name: 'authorization', value: 'x' },
      { name: 'Authorization', value: 'y' },
    ];
    expect(headerRowProblem(rows[0]!, rows)).toMatch(/no spaces or colons/);
    expect(headerRowProblem(rows[2]!, rows)).toMatch(/listed twice/);
    expect(headerRowProblem({ name: '', value: '' }, rows)).toBeUndefined();
    expect(headerRowProblem({ name: '', value: 'secret' }, rows)).toMatch(/Give the header a name/);
  });

  it('reads byte counts as people do', () => {
    expect(formatBytes(0)).toBe('0 bytes');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(268_435_456)).toBe('256 MiB');
    expect([0, 1, 2].map(requestCount)).toEqual(['0 requests', '1 request', '2 requests']);
  });
});
