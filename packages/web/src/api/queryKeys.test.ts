import { describe, expect, it } from 'vitest';
import {
  accountKeys,
  auditKeys,
  commonsKeys,
  deployKeys,
  fleetKeys,
  gitopsKeys,
  memberKeys,
  pluginKeys,
  releaseKeys,
  runKeys,
  sessionKeys,
  stateKeys,
  tokenKeys,
  userKeys,
} from './queryKeys.ts';

/** Whether invalidating `prefix` reaches `key` (React Query matches keys by prefix). */
const covers = (prefix: readonly unknown[], key: readonly unknown[]) =>
  prefix.every((part, index) => JSON.stringify(part) === JSON.stringify(key[index]));

describe('query keys', () => {
  it('keeps each area and each record apart', () => {
    const keys = [
      commonsKeys.detail('org-a', 'alpha'),
      commonsKeys.detail('org-b', 'alpha'),
      commonsKeys.detail('org-a', 'beta'),
      commonsKeys.status('org-a', 'alpha'),
      commonsKeys.runs('org-a', 'alpha'),
      deployKeys.list('org-a', 'alpha'),
      stateKeys.lock('org-a', 'alpha'),
      stateKeys.versions('org-a', 'alpha'),
      stateKeys.resources('org-a', 'alpha'),
      fleetKeys.list('org-a'),
      fleetKeys.status('org-a'),
      memberKeys.list('org-a'),
      memberKeys.invitations('org-a'),
      accountKeys.list('org-a'),
      gitopsKeys.repository('org-a'),
      gitopsKeys.readTokens('org-a'),
      tokenKeys.list('org-a'),
      runKeys.detail('org-a', 'run-1'),
      pluginKeys.list(),
      releaseKeys.list(),
      userKeys.all(),
      sessionKeys.me(),
      sessionKeys.session(),
    ];
    const distinct = new Set(keys.map((key) => JSON.stringify(key)));
    expect(distinct.size).toBe(keys.length);
    for (const a of keys) for (const b of keys) if (a !== b) expect(covers(a, b), `${a} ~ ${b}`).toBe(false);
  });

  it('lets a shorter key refresh everything below it', () => {
    expect(covers(pluginKeys.list(), pluginKeys.list())).toBe(true);
    expect(covers(deployKeys.list('o', 'c'), deployKeys.detail('o', 'c', 'd'))).toBe(false);
    // The revision history is keyed by the current revision, so a new revision refetches it.
    expect(commonsKeys.revisions('o', 'c', 3)).not.toEqual(commonsKeys.revisions('o', 'c', 4));
    expect(covers(['revisions', 'o', 'c'], commonsKeys.revisions('o', 'c', 4))).toBe(true);
  });

  it('keys audit pages by scope and filters, and a render preview by the document', () => {
    const filters = { actor: 'a@example.org', action: '', target: '', outcome: '' as const, since: '' };
    expect(auditKeys.events('org', 'o', filters)).not.toEqual(auditKeys.events('platform', 'o', filters));
    expect(auditKeys.events('org', 'o', filters)).not.toEqual(
      auditKeys.events('org', 'o', { ...filters, actor: '' }),
    );
    expect(commonsKeys.renderPreview('o', { spec: { a: 1 } })).toEqual(
      commonsKeys.renderPreview('o', { spec: { a: 1 } }),
    );
    expect(commonsKeys.renderPreview('o', { spec: { a: 1 } })).not.toEqual(
      commonsKeys.renderPreview('o', { spec: { a: 2 } }),
    );
  });
});
