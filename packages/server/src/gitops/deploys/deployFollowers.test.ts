// The poll budget of a process's deploy followers: full rate for a few deploys, the same request rate in
// total for a wave's hundreds.
import { describe, expect, it } from 'vitest';
import { createDeployFollowers, FOLLOWERS_PER_POLL_INTERVAL, followerPollMs } from './deployFollowers.ts';

describe('followerPollMs', () => {
  it('polls at the configured interval for a few deploys and stretches it for many', () => {
    const followers = createDeployFollowers();
    expect(followerPollMs(followers, 200)).toBe(200);
    for (let index = 0; index < FOLLOWERS_PER_POLL_INTERVAL; index++) followers.following.add(`d${index}`);
    expect(followerPollMs(followers, 200)).toBe(200);
    for (let index = FOLLOWERS_PER_POLL_INTERVAL; index < 500; index++) followers.following.add(`d${index}`);
    // 500 followers each every 2 s: the 250 requests a second 50 followers make every 200 ms.
    expect(followerPollMs(followers, 200)).toBe(2000);
    expect((500 * 1000) / followerPollMs(followers, 200)).toBe((FOLLOWERS_PER_POLL_INTERVAL * 1000) / 200);
  });
});
