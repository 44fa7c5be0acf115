// Signed JSON calls to AWS: Secrets Manager (JSON 1.1 with X-Amz-Target), the RDS Data API (REST JSON) and
// STS AssumeRole (query API). Errors carry AWS's error code and message, never the request body.
import { signAwsRequest, type AwsCredentials } from './signAwsRequest.ts';

/** An AWS API error: `code` is AWS's error type (ResourceNotFoundException, BadRequestException, ...). */
export class AwsApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'AwsApiError';
  }
}

export interface AwsEndpointOptions {
  region: string;
  credentials: AwsCredentials;
  /** Overrides https://<service>.<region>.amazonaws.com (AWS_ENDPOINT_URL_<SERVICE> or a test endpoint). */
  endpoint?: string;
}

/** Calls a Secrets Manager action (GetSecretValue, DescribeSecret, PutSecretValue). */
export function callSecretsManager<T>(
  options: AwsEndpointOptions,
  action: string,
  input: object,
): Promise<T> {
  return send<T>(options, 'secretsmanager', '/', JSON.stringify(input), {
    'content-type': 'application/x-amz-json-1.1',
    'x-amz-target': `secretsmanager.${action}`,
  });
}

/** Calls an RDS Data API operation by its path (/Execute, /BeginTransaction, /CommitTransaction, ...). */
export function callRdsData<T>(options: AwsEndpointOptions, path: string, input: object): Promise<T> {
  return send<T>(options, 'rds-data', path, JSON.stringify(input), { 'content-type': 'application/json' });
}

/** STS AssumeRole: temporary credentials of `roleArn` (with the account's external id). */
export async function assumeRole(
  options: AwsEndpointOptions,
  roleArn: string,
  externalId?: string,
): Promise<AwsCredentials> {
  const form = new URLSearchParams({
    Action: 'AssumeRole',
    Version: '2011-06-15',
    RoleArn: roleArn,
    RoleSessionName: 'csoc-commons-bootstrap',
    DurationSeconds: '3600',
  });
  if (externalId) form.set('ExternalId', externalId);
  const xml = await send<string>(options, 'sts', '/', form.toString(), {
    'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
  });
  const field = (name: string) => new RegExp(`<${name}>([^<]+)</${name}>`).exec(xml)?.[1];
  const accessKeyId = field('AccessKeyId');
  const secretAccessKey = field('SecretAccessKey');
  if (!accessKeyId || !secretAccessKey)
    throw new AwsApiError('InvalidResponse', 'STS AssumeRole returned no credentials', 200);
  return { accessKeyId, secretAccessKey, sessionToken: field('SessionToken') };
}

async function send<T>(
  options: AwsEndpointOptions,
  service: string,
  path: string,
  body: string,
  headers: Record<string, string>,
): Promise<T> {
  const base = options.endpoint ?? `https://${service}.${options.region}.amazonaws.com`;
  const url = new URL(path, base.endsWith('/') ? base : `${base}/`).toString();
  const signed = signAwsRequest({
    method: 'POST',
    url,
    headers,
    body,
    service,
    region: options.region,
    credentials: options.credentials,
  });
  const response = await fetch(url, { method: 'POST', headers: signed, body });
  const text = await response.text();
  if (!response.ok) {
    let code = response.headers.get('x-amzn-errortype')?.split(':')[0] ?? '';
    let message = `HTTP ${response.status}`;
    try {
      const parsed = JSON.parse(text) as { __type?: string; message?: string; Message?: string };
      code ||= parsed.__type?.split('#').pop() ?? '';
      message = parsed.message ?? parsed.Message ?? message;
    } catch {
      code ||= /<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? '';
      message = /<Message>([^<]+)<\/Message>/.exec(text)?.[1] ?? message;
    }
    throw new AwsApiError(
      code || 'UnknownError',
      `${service} ${path}: ${code || 'error'}: ${message}`,
      response.status,
    );
  }
  if (headers['content-type']!.startsWith('application/x-www-form-urlencoded')) return text as T;
  return (text ? JSON.parse(text) : {}) as T;
}
