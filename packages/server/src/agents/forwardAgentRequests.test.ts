// The replica signature of forwarded agent requests: made only with a key of the shared master keyring,
// bound to the body, fresh, used once, and still accepted across a master key rotation.
import { describe, expect, it } from 'vitest';
import { generateMasterKey, MasterKeyring } from '../credentials/masterKeyring.ts';
import {
  createForwardVerifier,
  signForwardedRequest,
  type ForwardedAgentRequest,
} from './forwardAgentRequests.ts';

const body: ForwardedAgentRequest = {
  from: 'replica-b',
  orgId: 'org-1',
  commonsId: 'commons-1',
  kind: 'logs.stream',
  paramsJson: JSON.stringify({ pod: 'fence-0', follow: true }),
};

describe('forwarded agent request signatures', () => {
  const oldKey = generateMasterKey();
  const newKey = generateMasterKey();
  const keyring = new MasterKeyring({ kind: 'config' }, [oldKey]);

  it('accepts a signature made with the shared keyring once, and refuses its replay', async () => {
    const verify = createForwardVerifier(keyring);
    const signature = signForwardedRequest(keyring, body);
    await expect(verify(signature, body)).resolves.toBeUndefined();
    await expect(verify(signature, body)).rejects.toThrow(/already received/);
  });

  it('refuses a missing or malformed header, another key, a changed body and an old timestamp', async () => {
    const verify = createForwardVerifier(keyring);
    await expect(verify(undefined, body)).rejects.toMatchObject({ code: 'invalid_replica_signature' });
    await expect(verify('Bearer csoc_token', body)).rejects.toThrow(/missing or not t=/);
    const stranger = new MasterKeyring({ kind: 'config' }, [generateMasterKey()]);
    await expect(verify(signForwardedRequest(stranger, body), body)).rejects.toThrow(/does not hold/);
    for (const changed of [
      { ...body, commonsId: 'commons-2' },
      { ...body, orgId: 'org-2' },
      { ...body, paramsJson: JSON.stringify({ pod: 'fence-1', follow: true }) },
    ])
      await expect(verify(signForwardedRequest(keyring, body), changed)).rejects.toThrow(/does not match/);
    const twoMinutesAgo = Date.now() - 120_000;
    await expect(verify(signForwardedRequest(keyring, body, twoMinutesAgo), body)).rejects.toThrow(
      /more than a minute/,
    );
  });

  it('accepts a signature by the previous key while a rotation has both', async () => {
    const rotated = new MasterKeyring({ kind: 'config' }, [newKey, oldKey]);
    const verify = createForwardVerifier(rotated);
    await expect(verify(signForwardedRequest(keyring, body), body)).resolves.toBeUndefined();
    await expect(verify(signForwardedRequest(rotated, body), body)).resolves.toBeUndefined();
  });
});
