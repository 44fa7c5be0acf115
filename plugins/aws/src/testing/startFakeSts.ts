// A stand-in for AWS STS (which cannot run here): answers AssumeRole with fake temporary credentials and
// records each call's parameters, so a test sees exactly how the provider assumes the customer's role.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface AssumeRoleCall {
  /** Form parameters: Action, RoleArn, ExternalId, RoleSessionName, ... */
  params: Record<string, string>;
  /** Access key id the call was signed with (from the Authorization header). */
  signedWithAccessKeyId: string | undefined;
}

export interface FakeSts {
  url: string;
  calls: AssumeRoleCall[];
  close(): Promise<void>;
}

export async function startFakeSts(): Promise<FakeSts> {
  const calls: AssumeRoleCall[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const params = Object.fromEntries(new URLSearchParams(body));
      const credential = /Credential=([^/]+)\//.exec(request.headers.authorization ?? '');
      calls.push({ params, signedWithAccessKeyId: credential?.[1] });
      if (params.Action !== 'AssumeRole') {
        response
          .writeHead(400, { 'content-type': 'text/xml' })
          .end('<ErrorResponse><Error><Code>InvalidAction</Code></Error></ErrorResponse>');
        return;
      }
      const session = params.RoleSessionName ?? 'session';
      response
        .writeHead(200, { 'content-type': 'text/xml' })
        .end(
          `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>` +
            `<Credentials><AccessKeyId>ASIAFAKEASSUMEDROLE1</AccessKeyId><SecretAccessKey>fake-secret</SecretAccessKey>` +
            `<SessionToken>fake-session-token</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>` +
            `<AssumedRoleUser><Arn>${params.RoleArn ?? ''}/${session}</Arn><AssumedRoleId>AROAFAKE:${session}</AssumedRoleId></AssumedRoleUser>` +
            `</AssumeRoleResult><ResponseMetadata><RequestId>fake-sts</RequestId></ResponseMetadata></AssumeRoleResponse>`,
        );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
