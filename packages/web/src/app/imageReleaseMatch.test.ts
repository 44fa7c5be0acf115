import { describe, expect, it } from 'vitest';
import { imageReleaseMatch, releaseTagsByRepository, splitImage } from './imageReleaseMatch.ts';

const release = releaseTagsByRepository({
  gen3: {
    fence: { repository: 'quay.io/cdis/fence', tag: '2025.06' },
    indexd: { repository: 'quay.io/cdis/indexd', tag: '2025.06' },
  },
  'cluster-level': { ambassador: { repository: 'quay.io/datawire/ambassador', tag: '1.4.2' } },
});

describe('whether a running image is the one its release pins', () => {
  it('says an image matches its release only with the pinned tag', () => {
    expect(imageReleaseMatch('quay.io/cdis/fence:2025.06', release)).toBe('matches');
    expect(imageReleaseMatch('quay.io/cdis/fence:2025.04', release)).toBe('differs');
    expect(imageReleaseMatch('quay.io/cdis/fence', release)).toBe('differs');
    expect(imageReleaseMatch('quay.io/datawire/ambassador:1.4.2', release)).toBe('matches');
  });

  it('does not judge images the release does not list, nor without a release', () => {
    expect(imageReleaseMatch('ghcr.io/csoc/csoc-agent:0.1.0', release)).toBe('not-in-release');
    expect(imageReleaseMatch('quay.io/cdis/fence:2025.06', new Map())).toBe('unknown');
    expect(imageReleaseMatch('quay.io/cdis/fence:2025.06', undefined)).toBe('unknown');
  });

  it('reads a registry port and a digest correctly', () => {
    expect(splitImage('registry:5000/cdis/fence:2025.06@sha256:abc')).toEqual({
      repository: 'registry:5000/cdis/fence',
      tag: '2025.06',
    });
    expect(splitImage('registry:5000/cdis/fence')).toEqual({
      repository: 'registry:5000/cdis/fence',
      tag: undefined,
    });
  });
});
