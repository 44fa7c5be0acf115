// Signing in and out, contexts, organizations, members and API tokens.
import { CliError, UsageError } from '../CliError.ts';
import type { Command, CommandContext } from '../CommandContext.ts';
import type { CliContext } from '../contextStore.ts';
import { call, createCsocClient, normalizeServer } from '../createCsocClient.ts';
import type { HttpResponse } from '../httpFetch.ts';
import { readAnswers } from '../readSecretLine.ts';

const ROLES = ['owner', 'admin', 'operator', 'viewer'] as const;
const limitFlag = {
  limit: { type: 'string' as const, placeholder: 'N', description: 'at most N items (default 50)' },
};

function limitOf(context: CommandContext): number {
  const raw = context.string('limit') ?? '50';
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500)
    throw new UsageError(`--limit must be 1 to 500, not "${raw}"`);
  return limit;
}

function sessionCookie(response: HttpResponse): string | undefined {
  for (const cookie of response.headers.getSetCookie()) {
    const match = /^csoc_session=([^;]+)/.exec(cookie);
    if (match) return match[1];
  }
  return undefined;
}

const login: Command = {
  name: 'login',
  summary: 'Sign in to a CSOC and save the context (token, or email + password read from stdin)',
  usage: '--server URL [--token TOKEN | --email EMAIL]',
  details:
    'With --token or CSOC_TOKEN the API token is saved; otherwise the email (--email, or the first line)\n' +
    'and password are read from the terminal or stdin, and the session cookie and CSRF token are saved.\n' +
    'The context is named USER@HOST unless --context NAME is given, and becomes the current one.',
  flags: {
    token: {
      type: 'string',
      placeholder: 'TOKEN',
      description: 'an API token (prefer CSOC_TOKEN: argv is visible to others)',
    },
    email: {
      type: 'string',
      placeholder: 'EMAIL',
      description: 'sign in with this email; the password comes from stdin',
    },
  },
  examples: [
    'csoc login --server http://127.0.0.1:8080 --email admin@csoc.local',
    'printf "%s\\n" "$PASSWORD" | csoc login --server https://csoc.example.org --email me@example.org --org acme',
    'CSOC_TOKEN=csoc_... csoc login --server https://csoc.example.org',
  ],
  async run(context) {
    const { context: current } = (() => {
      try {
        return context.currentContext();
      } catch {
        return { context: undefined };
      }
    })();
    const rawServer = context.string('server') ?? context.io.env.CSOC_SERVER ?? current?.server;
    if (!rawServer) throw new UsageError('csoc login needs --server URL (or CSOC_SERVER)');
    const server = normalizeServer(rawServer);
    const token = context.string('token') ?? context.io.env.CSOC_TOKEN;
    let saved: CliContext;
    if (token) {
      saved = { server, token };
    } else {
      let email = context.string('email');
      const prompts = [
        ...(email ? [] : [{ question: 'Email: ', hidden: false }]),
        { question: 'Password: ', hidden: true },
      ];
      const answers = await readAnswers(context.io, prompts);
      if (!email) email = answers.shift()?.trim();
      const password = answers.shift();
      if (!email || !password)
        throw new UsageError('no email or password on stdin; pipe the password (and --email) or use --token');
      const { data, response } = await call(
        createCsocClient({ server }).POST('/api/v1/session', { body: { email, password } }),
      );
      const session = sessionCookie(response);
      if (!session)
        throw new CliError('CSOC accepted the sign-in but set no session cookie; is --server really CSOC?');
      saved = { server, session, csrfToken: data.csrfToken, expiresAt: data.expiresAt };
    }
    const { data: me } = await call(createCsocClient(saved).GET('/api/v1/me'));
    saved.user = me.user.email;
    const org =
      context.string('org') ??
      context.io.env.CSOC_ORG ??
      (me.memberships.length === 1 ? me.memberships[0]!.orgSlug : undefined);
    if (org) saved.org = org;
    const name = context.string('context') ?? `${me.user.email}@${new URL(server).host}`;
    const config = context.config;
    await context.saveConfig({ currentContext: name, contexts: { ...config.contexts, [name]: saved } });
    context.note(
      `Logged in to ${server} as ${me.user.email}${org ? ` (org ${org})` : ''}; context "${name}".`,
    );
  },
};

const logout: Command = {
  name: 'logout',
  summary: 'Sign out (ends the session) and forget the context',
  examples: ['csoc logout', 'csoc logout --context admin@csoc.example.org'],
  async run(context) {
    const { name, context: saved } = context.currentContext();
    if (!name || !saved) throw new UsageError('not logged in: there is no current context');
    if (saved.session) {
      // An expired or revoked session is already signed out; forget it locally either way.
      await createCsocClient(saved)
        .DELETE('/api/v1/session')
        .catch(() => undefined);
    }
    const { [name]: _removed, ...contexts } = context.config.contexts;
    const currentContext = context.config.currentContext === name ? undefined : context.config.currentContext;
    await context.saveConfig({ currentContext, contexts });
    context.note(`Logged out of ${saved.server}; context "${name}" removed.`);
  },
};

const whoami: Command = {
  name: 'whoami',
  summary: 'Show the signed-in user, server, org and memberships',
  examples: ['csoc whoami', 'csoc whoami -o json'],
  async run(context) {
    const { data } = await call(context.client().GET('/api/v1/me'));
    const connection = context.connection();
    const result = {
      server: connection.server,
      context: connection.contextName ?? null,
      org: connection.org ?? null,
      ...data,
    };
    context.print(result, [
      { header: 'user', value: (item) => item.user.email },
      { header: 'name', value: (item) => item.user.displayName },
      { header: 'platform admin', value: (item) => item.user.isPlatformAdmin },
      { header: 'server', value: (item) => item.server },
      { header: 'context', value: (item) => item.context },
      { header: 'org', value: (item) => item.org },
      {
        header: 'memberships',
        value: (item) => item.memberships.map((m) => `${m.orgSlug}:${m.role}`).join(', '),
      },
    ]);
  },
};

const contextList: Command = {
  name: 'context list',
  summary: 'List saved contexts (server, user, org); * marks the current one',
  examples: ['csoc context list'],
  async run(context) {
    const config = context.config;
    const items = Object.entries(config.contexts).map(([name, saved]) => ({
      name,
      current: name === config.currentContext,
      server: saved.server,
      user: saved.user ?? null,
      org: saved.org ?? null,
      auth: saved.token ? 'token' : saved.session ? 'session' : 'none',
    }));
    context.print(items, [
      { header: ' ', value: (item) => (item.current ? '*' : ' ') },
      { header: 'name', value: (item) => item.name },
      { header: 'server', value: (item) => item.server },
      { header: 'user', value: (item) => item.user },
      { header: 'org', value: (item) => item.org },
      { header: 'auth', value: (item) => item.auth },
    ]);
  },
};

const contextUse: Command = {
  name: 'context use',
  summary: 'Make a saved context the current one',
  usage: 'NAME',
  args: { min: 1, max: 1 },
  examples: ['csoc context use admin@csoc.example.org'],
  async run(context) {
    const name = context.positionals[0]!;
    if (!context.config.contexts[name])
      throw new UsageError(`no context "${name}"; list them with csoc context list`);
    await context.saveConfig({ ...context.config, currentContext: name });
    context.note(`Now using context "${name}".`);
  },
};

const contextSetOrg: Command = {
  name: 'context set-org',
  summary: "Set the current context's default organization",
  usage: 'ORG',
  args: { min: 1, max: 1 },
  examples: ['csoc context set-org acme'],
  async run(context) {
    const { name, context: saved } = context.currentContext();
    if (!name || !saved) throw new UsageError('not logged in: there is no current context');
    const org = context.positionals[0]!;
    await context.saveConfig({
      ...context.config,
      contexts: { ...context.config.contexts, [name]: { ...saved, org } },
    });
    context.note(`Context "${name}" now uses org ${org}.`);
  },
};

const orgsList: Command = {
  name: 'orgs list',
  summary: 'List the organizations you can see',
  flags: limitFlag,
  examples: ['csoc orgs list', 'csoc orgs list -o json'],
  async run(context) {
    const { data } = await call(
      context.client().GET('/api/v1/orgs', { params: { query: { limit: limitOf(context) } } }),
    );
    context.print(data.items, [
      { header: 'slug', value: (org) => org.slug },
      { header: 'name', value: (org) => org.name },
      { header: 'created', value: (org) => org.createdAt },
    ]);
  },
};

const orgsCreate: Command = {
  name: 'orgs create',
  summary: 'Create an organization (platform admins)',
  usage: 'SLUG [--name NAME]',
  args: { min: 1, max: 1 },
  flags: { name: { type: 'string', placeholder: 'NAME', description: 'display name (default: the slug)' } },
  examples: ['csoc orgs create acme --name "Acme Research"'],
  async run(context) {
    const slug = context.positionals[0]!;
    const { data } = await call(
      context.client().POST('/api/v1/orgs', { body: { slug, name: context.string('name') ?? slug } }),
    );
    context.print(data, [
      { header: 'slug', value: (org) => org.slug },
      { header: 'name', value: (org) => org.name },
      { header: 'id', value: (org) => org.id },
    ]);
  },
};

const orgsSettings: Command = {
  name: 'orgs settings',
  summary: "Show the org's settings; its admins change them with a flag",
  flags: {
    'require-second-approver-for-prod': {
      type: 'string',
      placeholder: 'BOOL',
      choices: ['true', 'false'],
      description: 'prod wave stages and prod runs need a second person to approve (true or false)',
    },
  },
  examples: [
    'csoc orgs settings --org acme',
    'csoc orgs settings --org acme --require-second-approver-for-prod true',
  ],
  async run(context) {
    const org = context.org();
    const current = await call(
      context.client().GET('/api/v1/orgs/{org}/settings', { params: { path: { org } } }),
    );
    let settings = current.data;
    const wanted = context.string('require-second-approver-for-prod');
    if (wanted !== undefined) {
      // Sent with the version just read: a change someone made in between is refused, not overwritten.
      const etag = current.response.headers.get('etag');
      ({ data: settings } = await call(
        context.client().PATCH('/api/v1/orgs/{org}/settings', {
          params: { path: { org } },
          body: { requireSecondApproverForProd: wanted === 'true' },
          headers: etag ? { 'if-match': etag } : {},
        }),
      ));
    }
    context.print(settings, [
      { header: 'second approver for prod', value: (item) => item.requireSecondApproverForProd },
      { header: 'required by CSOC', value: (item) => item.requiredByCsoc },
      { header: 'updated by', value: (item) => item.updatedBy },
      { header: 'updated', value: (item) => item.updatedAt },
    ]);
  },
};

type MemberItem = {
  userId: string;
  email: string;
  displayName: string;
  role: string;
  source: string;
  createdAt: string;
  version: number;
};
const memberColumns = [
  { header: 'email', value: (member: MemberItem) => member.email },
  { header: 'name', value: (member: MemberItem) => member.displayName },
  { header: 'role', value: (member: MemberItem) => member.role },
  { header: 'source', value: (member: MemberItem) => member.source },
  { header: 'user id', value: (member: MemberItem) => member.userId },
];

/** Finds a member by email or user id (the API's paths take the id). */
async function findMember(context: CommandContext, org: string, who: string): Promise<MemberItem> {
  const { data } = await call(
    context.client().GET('/api/v1/orgs/{org}/members', { params: { path: { org }, query: { limit: 500 } } }),
  );
  const member = data.items.find(
    (item) => item.userId === who || item.email.toLowerCase() === who.toLowerCase(),
  );
  if (!member)
    throw new CliError(`${who} is not a member of ${org}; list members with csoc members list --org ${org}`);
  return member;
}

const membersList: Command = {
  name: 'members list',
  summary: "List an organization's members and roles",
  flags: limitFlag,
  examples: ['csoc members list --org acme'],
  async run(context) {
    const org = context.org();
    const { data } = await call(
      context
        .client()
        .GET('/api/v1/orgs/{org}/members', { params: { path: { org }, query: { limit: limitOf(context) } } }),
    );
    context.print(data.items, memberColumns);
  },
};

const roleFlag = {
  role: {
    type: 'string' as const,
    placeholder: 'ROLE',
    choices: ROLES,
    description: 'owner, admin, operator or viewer',
  },
};

const membersAdd: Command = {
  name: 'members add',
  summary: 'Add an existing user to an organization (platform admins; org admins send an invitation)',
  usage: 'EMAIL --role ROLE',
  args: { min: 1, max: 1 },
  flags: roleFlag,
  examples: ['csoc members add ana@example.org --role operator --org acme'],
  async run(context) {
    const org = context.org();
    const role = context.requireString('role') as (typeof ROLES)[number];
    const { data } = await call(
      context.client().POST('/api/v1/orgs/{org}/members', {
        params: { path: { org } },
        body: { email: context.positionals[0]!, role },
      }),
    );
    context.print(data, memberColumns);
  },
};

const membersInvite: Command = {
  name: 'members invite',
  summary: 'Invite someone by email: prints the single-use accept link once (how org admins add members)',
  usage: 'EMAIL --role ROLE [--expires-in-hours N]',
  args: { min: 1, max: 1 },
  flags: {
    ...roleFlag,
    'expires-in-hours': {
      type: 'string',
      placeholder: 'N',
      description: 'the link expires after N hours (default 72)',
    },
  },
  examples: [
    'csoc members invite ana@example.org --role operator --org acme',
    'csoc members invite ana@example.org --role viewer -o json | jq -r .acceptUrl',
  ],
  async run(context) {
    const org = context.org();
    const hours = context.string('expires-in-hours');
    if (hours !== undefined && !/^\d+$/.test(hours))
      throw new UsageError(`--expires-in-hours must be a whole number, not "${hours}"`);
    const { data } = await call(
      context.client().POST('/api/v1/orgs/{org}/invitations', {
        params: { path: { org } },
        body: {
          email: context.positionals[0]!,
          role: context.requireString('role') as (typeof ROLES)[number],
          ...(hours ? { expiresInHours: Number(hours) } : {}),
        },
      }),
    );
    if (context.format !== 'table') return context.print(data, []);
    // The link carries the single-use token: it goes to stdout alone, so it can be piped to the invitee.
    context.write(`${data.acceptUrl}\n`);
    context.note(
      `Invited ${data.invitation.email} as ${data.invitation.role} in ${org} until ${data.invitation.expiresAt}; the link is shown only now.`,
    );
  },
};

type InvitationItem = { id: string; email: string; role: string; status: string; expiresAt: string };

const membersInvitations: Command = {
  name: 'members invitations',
  summary: "List an organization's invitations and whether each is pending, accepted, revoked or expired",
  flags: limitFlag,
  examples: ['csoc members invitations --org acme'],
  async run(context) {
    const org = context.org();
    const { data } = await call(
      context.client().GET('/api/v1/orgs/{org}/invitations', {
        params: { path: { org }, query: { limit: limitOf(context) } },
      }),
    );
    context.print(data.items, [
      { header: 'email', value: (item: InvitationItem) => item.email },
      { header: 'role', value: (item: InvitationItem) => item.role },
      { header: 'status', value: (item: InvitationItem) => item.status },
      { header: 'expires', value: (item: InvitationItem) => item.expiresAt },
      { header: 'id', value: (item: InvitationItem) => item.id },
    ]);
  },
};

const membersRevokeInvitation: Command = {
  name: 'members revoke-invitation',
  summary: 'Revoke a pending invitation (its link stops working)',
  usage: 'INVITATION_ID',
  args: { min: 1, max: 1 },
  examples: ['csoc members revoke-invitation 0193c0de-... --org acme'],
  async run(context) {
    const org = context.org();
    const invitationId = context.positionals[0]!;
    await call(
      context.client().DELETE('/api/v1/orgs/{org}/invitations/{invitationId}', {
        params: { path: { org, invitationId } },
      }),
    );
    context.note(`Invitation ${invitationId} in ${org} revoked.`);
  },
};

const membersSetRole: Command = {
  name: 'members set-role',
  summary: "Change a member's role",
  usage: 'EMAIL|USERID --role ROLE',
  args: { min: 1, max: 1 },
  flags: roleFlag,
  examples: ['csoc members set-role ana@example.org --role admin --org acme'],
  async run(context) {
    const org = context.org();
    const role = context.requireString('role') as (typeof ROLES)[number];
    const member = await findMember(context, org, context.positionals[0]!);
    const { data } = await call(
      context.client().PATCH('/api/v1/orgs/{org}/members/{userId}', {
        params: { path: { org, userId: member.userId } },
        body: { role },
        headers: { 'if-match': `"v${member.version}"` },
      }),
    );
    context.print(data, memberColumns);
  },
};

const membersRemove: Command = {
  name: 'members remove',
  summary: 'Remove a member from an organization',
  usage: 'EMAIL|USERID',
  args: { min: 1, max: 1 },
  examples: ['csoc members remove ana@example.org --org acme'],
  async run(context) {
    const org = context.org();
    const member = await findMember(context, org, context.positionals[0]!);
    await call(
      context
        .client()
        .DELETE('/api/v1/orgs/{org}/members/{userId}', { params: { path: { org, userId: member.userId } } }),
    );
    context.note(`Removed ${member.email} from ${org}.`);
  },
};

type TokenItem = {
  id: string;
  name: string;
  role: string;
  prefix: string;
  userEmail: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
};
const tokenColumns = [
  { header: 'id', value: (token: TokenItem) => token.id },
  { header: 'name', value: (token: TokenItem) => token.name },
  { header: 'role', value: (token: TokenItem) => token.role },
  { header: 'prefix', value: (token: TokenItem) => token.prefix },
  { header: 'user', value: (token: TokenItem) => token.userEmail },
  { header: 'expires', value: (token: TokenItem) => token.expiresAt },
  { header: 'last used', value: (token: TokenItem) => token.lastUsedAt },
  { header: 'revoked', value: (token: TokenItem) => token.revokedAt },
];

const tokensCreate: Command = {
  name: 'tokens create',
  summary: 'Create an API token for an organization (printed once)',
  usage: '--name NAME --role ROLE [--expires-in-days N]',
  flags: {
    name: { type: 'string', placeholder: 'NAME', description: 'what the token is for' },
    ...roleFlag,
    'expires-in-days': {
      type: 'string',
      placeholder: 'N',
      description: 'expire after N days (default: never)',
    },
  },
  examples: [
    'csoc tokens create --name ci --role operator --org acme',
    'csoc tokens create --name ci --role operator -o json | jq -r .token',
  ],
  async run(context) {
    const org = context.org();
    const days = context.string('expires-in-days');
    if (days !== undefined && !/^\d+$/.test(days))
      throw new UsageError(`--expires-in-days must be a whole number, not "${days}"`);
    const { data } = await call(
      context.client().POST('/api/v1/orgs/{org}/tokens', {
        params: { path: { org } },
        body: {
          name: context.requireString('name'),
          role: context.requireString('role') as (typeof ROLES)[number],
          ...(days ? { expiresInDays: Number(days) } : {}),
        },
      }),
    );
    if (context.format !== 'table') return context.print(data, []);
    context.write(`${data.token}\n`);
    context.note(
      `Token "${data.apiToken.name}" (${data.apiToken.role} in ${org}) created; it is shown only now. Use it as CSOC_TOKEN.`,
    );
  },
};

const tokensList: Command = {
  name: 'tokens list',
  summary: "List API tokens (yours; admins see the org's)",
  flags: limitFlag,
  examples: ['csoc tokens list --org acme'],
  async run(context) {
    const org = context.org();
    const { data } = await call(
      context
        .client()
        .GET('/api/v1/orgs/{org}/tokens', { params: { path: { org }, query: { limit: limitOf(context) } } }),
    );
    context.print(data.items, tokenColumns);
  },
};

const tokensRevoke: Command = {
  name: 'tokens revoke',
  summary: 'Revoke an API token',
  usage: 'TOKEN_ID',
  args: { min: 1, max: 1 },
  examples: ['csoc tokens revoke 0193b0c4-... --org acme'],
  async run(context) {
    const org = context.org();
    const tokenId = context.positionals[0]!;
    await call(
      context.client().DELETE('/api/v1/orgs/{org}/tokens/{tokenId}', { params: { path: { org, tokenId } } }),
    );
    context.note(`Revoked token ${tokenId}.`);
  },
};

export { limitFlag, limitOf };

export const identityCommands: Command[] = [
  login,
  logout,
  whoami,
  contextList,
  contextUse,
  contextSetOrg,
  orgsList,
  orgsCreate,
  orgsSettings,
  membersList,
  membersAdd,
  membersInvite,
  membersInvitations,
  membersRevokeInvitation,
  membersSetRole,
  membersRemove,
  tokensCreate,
  tokensList,
  tokensRevoke,
];
