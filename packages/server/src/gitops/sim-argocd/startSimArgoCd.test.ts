// The simulated Argo CD refuses API calls without its Bearer token, as the real Argo CD API does, and the
// CSOC's own Argo CD client (the code path deploys use) gets in with it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArgoCdError, createArgoCdClient } from '../deploys/argoCdClient.ts';
import { startSimArgoCd, type RunningSimArgoCd } from './startSimArgoCd.ts';

describe('simulated Argo CD authentication', () => {
  let sim: RunningSimArgoCd;
  beforeAll(async () => {
    sim = await startSimArgoCd({ syncDelayMs: 0 });
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('answers 401 without a token or with a wrong one, and serves the client that sends its token', async () => {
    const base = `${sim.url}/argocd/acme`;
    const anonymous = await fetch(`${base}/api/v1/applications`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ code: 16, message: 'no session information' });
    const upsert = await fetch(`${base}/api/v1/applications?upsert=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ metadata: { name: 'gen3-alpha' }, spec: {} }),
    });
    expect(upsert.status).toBe(401);

    const wrong = createArgoCdClient({ baseUrl: base, token: `${sim.token}x` });
    const refused = await wrong.listApplications('csoc.gen3.org/org=acme').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ArgoCdError);
    expect((refused as ArgoCdError).status).toBe(401);
    expect((refused as Error).message).not.toContain(sim.token);

    const client = createArgoCdClient({ baseUrl: base, token: sim.token });
    expect(await client.listApplications('csoc.gen3.org/org=acme')).toEqual([]);
    // Nothing was created by the refused upsert.
    expect(sim.stats().applications).toBe(0);
    // The commons endpoints stay public, like a commons' revproxy.
    expect((await fetch(`${sim.url}/sim/acme/alpha/_status`)).status).toBe(404);
  });

  it('uses the token it is given (CSOC_ARGOCD_TOKEN)', async () => {
    const chosen = await startSimArgoCd({ syncDelayMs: 0, token: 'chosen-token-4f1c' });
    try {
      expect(chosen.token).toBe('chosen-token-4f1c');
      const client = createArgoCdClient({ baseUrl: `${chosen.url}/argocd/acme`, token: 'chosen-token-4f1c' });
      expect(await client.listApplications('')).toEqual([]);
      expect((await fetch(`${chosen.url}/argocd/acme/api/v1/applications`)).status).toBe(401);
    } finally {
      await chosen.close();
    }
  });
});
