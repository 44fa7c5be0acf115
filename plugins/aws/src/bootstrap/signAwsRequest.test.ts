// SigV4 against AWS's published signature test suite (get-vanilla, get-vanilla-query-order-key-case) and the
// session-token variant's header set.
import { describe, expect, it } from 'vitest';
import { signAwsRequest } from './signAwsRequest.ts';

const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const now = new Date('2015-08-30T12:36:00Z');

describe('signAwsRequest', () => {
  it('signs get-vanilla exactly as the AWS test suite does', () => {
    const headers = signAwsRequest({
      method: 'GET',
      url: 'https://example.amazonaws.com/',
      headers: {},
      body: '',
      service: 'service',
      region: 'us-east-1',
      credentials,
      now,
    });
    expect(headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, ' +
        'SignedHeaders=host;x-amz-date, ' +
        'Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    );
    expect(headers['x-amz-date']).toBe('20150830T123600Z');
  });

  it('signs get-vanilla-query-order-key-case (sorted query) as the AWS test suite does', () => {
    const headers = signAwsRequest({
      method: 'GET',
      url: 'https://example.amazonaws.com/?Param2=value2&Param1=value1',
      headers: {},
      body: '',
      service: 'service',
      region: 'us-east-1',
      credentials,
      now,
    });
    expect(headers.authorization).toContain(
      'Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500',
    );
  });

  it('signs the session token with the rest', () => {
    const headers = signAwsRequest({
      method: 'POST',
      url: 'https://secretsmanager.us-east-1.amazonaws.com/',
      headers: {
        'X-Amz-Target': 'secretsmanager.DescribeSecret',
        'Content-Type': 'application/x-amz-json-1.1',
      },
      body: '{}',
      service: 'secretsmanager',
      region: 'us-east-1',
      credentials: { ...credentials, sessionToken: 'session-token' },
      now,
    });
    expect(headers['x-amz-security-token']).toBe('session-token');
    expect(headers.authorization).toContain(
      'SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target,',
    );
  });
});
