import { describe, expect, it } from 'vitest';
import { readAgentConfig } from './readAgentConfig.ts';

describe("csoc-agent's settings", () => {
  it('reads the Deployment env, with the Secret and token file defaults', () => {
    expect(
      readAgentConfig({ CSOC_URL: 'https://csoc.example.org/', CSOC_AGENT_NAMESPACE: 'gen3-prod' }),
    ).toEqual({
      csocUrl: 'https://csoc.example.org',
      namespace: 'gen3-prod',
      joinTokenFile: '/var/run/secrets/csoc-agent/join-token',
      identitySecret: 'csoc-agent-identity',
    });
  });

  it('names the key, the problem and the fix', () => {
    expect(() => readAgentConfig({})).toThrow('CSOC_URL is not set; set it to the URL of CSOC');
    expect(() => readAgentConfig({ CSOC_URL: 'ftp://x', CSOC_AGENT_NAMESPACE: 'a' })).toThrow(
      /CSOC_URL uses ftp:; use https/,
    );
    expect(() => readAgentConfig({ CSOC_URL: 'https://x' })).toThrow(/CSOC_AGENT_NAMESPACE is not set/);
    expect(() =>
      readAgentConfig({
        CSOC_URL: 'https://x',
        CSOC_AGENT_NAMESPACE: 'gen3',
        CSOC_AGENT_IDENTITY_SECRET: 'Bad_Name',
      }),
    ).toThrow(/CSOC_AGENT_IDENTITY_SECRET "Bad_Name" is not a Secret name/);
  });
});
