import { describe, expect, it } from 'vitest';
import { readAgentConfig } from './readAgentConfig.ts';

describe("csoc-agent's settings", () => {
  it('reads the Deployment env, with the Secret, token file and status file defaults', () => {
    expect(
      readAgentConfig({ CSOC_URL: 'https://csoc.example.org/', CSOC_AGENT_NAMESPACE: 'gen3-prod' }),
    ).toEqual({
      csocUrl: 'https://csoc.example.org',
      namespace: 'gen3-prod',
      joinTokenFile: '/var/run/secrets/csoc-agent/join-token',
      identitySecret: 'csoc-agent-identity',
      statusFile: '/tmp/csoc-agent-status.json',
    });
    expect(
      readAgentConfig({
        CSOC_URL: 'https://csoc.example.org',
        CSOC_AGENT_NAMESPACE: 'gen3-prod',
        CSOC_AGENT_ARGOCD_NAMESPACE: 'argocd',
        CSOC_AGENT_STATUS_FILE: '/run/agent/status.json',
      }),
    ).toMatchObject({ argocdNamespace: 'argocd', statusFile: '/run/agent/status.json' });
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
    expect(() =>
      readAgentConfig({
        CSOC_URL: 'https://x',
        CSOC_AGENT_NAMESPACE: 'gen3',
        CSOC_AGENT_STATUS_FILE: 'status',
      }),
    ).toThrow(/CSOC_AGENT_STATUS_FILE "status" is not an absolute path; use a file on a writable volume/);
  });
});
