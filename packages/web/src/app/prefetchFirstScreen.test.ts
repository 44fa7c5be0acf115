import { describe, expect, it } from 'vitest';
import { firstScreenOf } from './prefetchFirstScreen.ts';

describe('the first screen of an address', () => {
  it('is the fleet list on an org fleet page or its index, with the label filter of the URL', () => {
    expect(firstScreenOf('/orgs/acme/fleet', '')).toEqual({ fleet: { org: 'acme', labelSelector: '' } });
    expect(firstScreenOf('/orgs/acme/fleet/', '?labels=env%3Dprod,tier%3Dlarge')).toEqual({
      fleet: { org: 'acme', labelSelector: 'env=prod,tier=large' },
    });
    expect(firstScreenOf('/orgs/acme', '')).toEqual({ fleet: { org: 'acme', labelSelector: '' } });
  });

  it('names nothing for other pages', () => {
    for (const pathname of [
      '/',
      '/login',
      '/orgs/acme/health',
      '/orgs/acme/commons/alpha',
      '/orgs/acme/fleetx',
    ])
      expect(firstScreenOf(pathname, '')).toEqual({});
  });
});
