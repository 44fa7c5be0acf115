// Creates signed-in test users with given roles in an org, through the real API.
import type { OrgRole } from '@csoc/common/access';
import { ApiClient } from './ApiClient.ts';
import type { TestCsoc } from './startTestCsoc.ts';

export const TEST_USER_PASSWORD = 'test-user-password-123';

/** Creates the org if needed (the platform admin becomes its owner). */
export async function ensureOrg(csoc: TestCsoc, slug: string): Promise<void> {
  const existing = await csoc.admin.get(`/api/v1/orgs/${slug}`);
  if (existing.status === 200) return;
  const created = await csoc.admin.post('/api/v1/orgs', { slug, name: slug });
  if (created.status !== 201) throw new Error(`could not create org ${slug}: ${created.text}`);
}

/** Creates a user, gives them `role` in `org` (when given), and returns a client signed in as them. */
export async function createSignedInUser(
  csoc: TestCsoc,
  email: string,
  org?: string,
  role?: OrgRole,
): Promise<ApiClient> {
  const created = await csoc.admin.post('/api/v1/users', {
    email,
    displayName: email.split('@')[0],
    password: TEST_USER_PASSWORD,
  });
  if (created.status !== 201) throw new Error(`could not create user ${email}: ${created.text}`);
  if (org && role) {
    await ensureOrg(csoc, org);
    const added = await csoc.admin.post(`/api/v1/orgs/${org}/members`, { email, role });
    if (added.status !== 201) throw new Error(`could not add ${email} to ${org}: ${added.text}`);
  }
  const client = new ApiClient(csoc.url);
  await client.login(email, TEST_USER_PASSWORD);
  return client;
}

/** A client authenticating with a fresh API token the given user creates for org+role. */
export async function createTokenClient(
  csoc: TestCsoc,
  owner: ApiClient,
  org: string,
  role: OrgRole,
): Promise<ApiClient> {
  const created = await owner.post(`/api/v1/orgs/${org}/tokens`, { name: `test-${role}`, role });
  if (created.status !== 201) throw new Error(`could not create token: ${created.text}`);
  const client = new ApiClient(csoc.url);
  client.bearerToken = created.body.token;
  return client;
}
