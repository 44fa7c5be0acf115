// Channels of an org: per-kind validation (errors name the field and the fix), secrets sealed in the vault
// under a binding to the channel's id (webhook secret, Slack URL, SMTP password), the public view that
// shows only which secrets are set, and sending one notification through a channel.
import type {
  AlertChannel,
  AlertRoute,
  CreateAlertChannelRequest,
  UpdateAlertChannelRequest,
} from '@csoc/common';
import type { Vault } from '../credentials/createVault.ts';
import { fromSealedColumns, toSealedColumns } from '../credentials/sealedColumns.ts';
import { InputError, type FieldErrorDetail } from '../errors.ts';
import { assertValidMatchers } from './alertMatchers.ts';
import type { AlertChannelKind, AlertChannelsTable } from './alertTables.ts';
import type { ChannelEgress } from './channels/channelEgress.ts';
import type { DeliveryResult } from './channels/deliveryResult.ts';
import type { NotificationContent } from './channels/notificationContent.ts';
import { sendEmail, type EmailSettings } from './channels/sendEmail.ts';
import { sendSlack } from './channels/sendSlack.ts';
import { sendWebhook } from './channels/sendWebhook.ts';

export type ChannelConfig = NonNullable<CreateAlertChannelRequest['config']>;
export type ChannelSecrets = NonNullable<CreateAlertChannelRequest['secrets']>;

/** The record binding channel secrets are sealed under: a sealed blob moved to another row does not open. */
export const channelSecretBinding = (channelId: string) => `alert-channel:${channelId}`;

const CONFIG_OF_KIND: Record<AlertChannelKind, Array<keyof ChannelConfig>> = {
  webhook: ['url'],
  slack: [],
  email: ['host', 'port', 'tls', 'username', 'from', 'to'],
};
const SECRETS_OF_KIND: Record<AlertChannelKind, Array<keyof ChannelSecrets>> = {
  webhook: ['secret'],
  slack: ['url'],
  email: ['password'],
};

function httpUrlProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an http or https URL';
  if (url.username || url.password)
    return 'must not carry credentials; put the signing secret in secrets.secret';
  return undefined;
}

/** Refuses settings a channel of `kind` cannot use or is missing, naming each field. */
const aKind = (kind: AlertChannelKind) => (kind === 'email' ? `An ${kind}` : `A ${kind}`);

export function assertValidChannel(
  kind: AlertChannelKind,
  config: ChannelConfig,
  secrets: ChannelSecrets,
  route: AlertRoute,
): void {
  const details: FieldErrorDetail[] = [];
  for (const name of Object.keys(config))
    if (!CONFIG_OF_KIND[kind].includes(name as keyof ChannelConfig))
      details.push({
        field: `body.config.${name}`,
        message: `${aKind(kind)} channel does not use config.${name}; remove it.`,
      });
  for (const name of Object.keys(secrets))
    if (!SECRETS_OF_KIND[kind].includes(name as keyof ChannelSecrets))
      details.push({
        field: `body.secrets.${name}`,
        message: `${aKind(kind)} channel does not use secrets.${name}; remove it.`,
      });
  const need = (present: unknown, field: string, message: string) => {
    if (present === undefined) details.push({ field, message });
  };
  if (kind === 'webhook') {
    need(config.url, 'body.config.url', 'A webhook channel needs config.url, the https URL CSOC POSTs to.');
    need(
      secrets.secret,
      'body.secrets.secret',
      'A webhook channel needs secrets.secret (16+ characters) to sign its requests.',
    );
    const problem = config.url ? httpUrlProblem(config.url) : undefined;
    if (problem) details.push({ field: 'body.config.url', message: `config.url ${problem}.` });
  }
  if (kind === 'slack') {
    need(
      secrets.url,
      'body.secrets.url',
      'A Slack channel needs secrets.url, the incoming webhook URL Slack gave you.',
    );
    const problem = secrets.url ? httpUrlProblem(secrets.url) : undefined;
    if (problem) details.push({ field: 'body.secrets.url', message: `secrets.url ${problem}.` });
  }
  if (kind === 'email') {
    need(config.host, 'body.config.host', 'An email channel needs config.host, the SMTP server.');
    need(config.from, 'body.config.from', 'An email channel needs config.from, the sender address.');
    need(config.to, 'body.config.to', 'An email channel needs config.to, at least one recipient.');
    if (secrets.password !== undefined && !config.username)
      details.push({
        field: 'body.config.username',
        message: 'secrets.password needs config.username to sign in with.',
      });
  }
  if (details.length)
    throw new InputError(`The ${kind} channel's settings are incomplete or wrong; see details.`, details);
  assertValidMatchers(route.matchers ?? [], 'body.route.matchers');
}

/** The current secrets of a channel, opened from the vault. */
export async function openChannelSecrets(vault: Vault, channel: AlertChannelsTable): Promise<ChannelSecrets> {
  return (await vault.openSecrets(
    channelSecretBinding(channel.id),
    fromSealedColumns(channel),
  )) as ChannelSecrets;
}

export async function sealChannelSecrets(vault: Vault, channelId: string, secrets: ChannelSecrets) {
  const sealed = await vault.sealSecrets(channelSecretBinding(channelId), secrets as Record<string, string>);
  return { ...toSealedColumns(sealed), secret_fingerprint: sealed.fingerprint };
}

export function toAlertChannel(row: AlertChannelsTable, secretFields: string[]): AlertChannel {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    enabled: row.enabled === 1,
    config: JSON.parse(row.config) as Record<string, unknown>,
    route: JSON.parse(row.route) as Record<string, unknown>,
    secretFields,
    secretFingerprint: row.secret_fingerprint,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

/** Merges an update into a channel's settings (secrets given replace those set; others stay). */
export function mergedChannelSettings(
  row: AlertChannelsTable,
  current: ChannelSecrets,
  update: UpdateAlertChannelRequest,
) {
  return {
    config: { ...(JSON.parse(row.config) as ChannelConfig), ...(update.config ?? {}) },
    secrets: { ...current, ...(update.secrets ?? {}) },
    route: update.route ?? (JSON.parse(row.route) as AlertRoute),
  };
}

/** Sends one notification through the channel; never throws for a failed delivery. */
export async function sendThroughChannel(
  vault: Vault,
  channel: AlertChannelsTable,
  content: NotificationContent,
  timeoutMs: number,
  egress: ChannelEgress,
): Promise<DeliveryResult> {
  const config = JSON.parse(channel.config) as ChannelConfig;
  const secrets = await openChannelSecrets(vault, channel);
  switch (channel.kind) {
    case 'webhook':
      return sendWebhook(config.url!, secrets.secret!, content, timeoutMs, egress);
    case 'slack':
      return sendSlack(secrets.url!, content, timeoutMs, egress);
    case 'email': {
      const settings: EmailSettings = {
        host: config.host!,
        port: config.port ?? 587,
        tls: config.tls ?? 'starttls',
        username: config.username,
        from: config.from!,
        to: config.to!,
      };
      return sendEmail(settings, secrets.password, content, timeoutMs, egress);
    }
    default:
      return {
        delivered: false,
        statusCode: null,
        error: `unknown channel kind ${String(channel.kind)}`,
        retryable: false,
      };
  }
}
