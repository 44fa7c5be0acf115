// Alerts of an org under /api/v1/orgs/:org/alerts: the alerts (firing, resolved) with acknowledge; rules,
// channels (secrets write-only, with a test-send) and silences / maintenance windows; the delivery log.
// Viewers read, operators manage; every change is audited (installAuditing), channel secrets never shown.
import {
  Alert,
  AlertChannel,
  AlertChannelParams,
  AlertDelivery,
  AlertListQuery,
  AlertOrgParams,
  AlertParams,
  AlertRule,
  AlertRuleParamsPath,
  AlertSilence,
  AlertSilenceParams,
  AlertTestSendResult,
  CreateAlertChannelRequest,
  CreateAlertRuleRequest,
  CreateAlertSilenceRequest,
  newId,
  Page,
  PageQuery,
  parseDateTime,
  UpdateAlertChannelRequest,
  UpdateAlertRuleRequest,
  type AlertMatcher,
  type AlertRuleKind,
} from '@csoc/common';
import Type from 'typebox';
import { orgAccessOf } from '../access/authorizeRequest.ts';
import { nowIso } from '../db/schema.ts';
import { ConflictError, InputError, NotFoundError } from '../errors.ts';
import type { CsocApp } from '../http/appContext.ts';
import { readPageRequest, toPage } from '../http/pagination.ts';
import { acknowledgeAlert, resolveAlertsOfRule } from './alertEngine.ts';
import {
  assertValidChannel,
  mergedChannelSettings,
  openChannelSecrets,
  sealChannelSecrets,
  sendThroughChannel,
  toAlertChannel,
} from './alertChannels.ts';
import type { Labels } from './alertMatchers.ts';
import { assertValidMatchers } from './alertMatchers.ts';
import { resolveRuleParams, RULE_KIND_DEFAULTS, type RuleParams } from './alertRuleKinds.ts';
import { activeSilences, isSilenced, toAlertSilence } from './alertSilences.ts';
import type { AlertChannelsTable, AlertRulesTable, AlertsTable } from './alertTables.ts';
import { contentOf, recordDelivery } from './deliverNotification.ts';
import { DEFAULT_DISPATCHER_OPTIONS } from './startAlertDispatcher.ts';

const TAGS = ['alerts'];

function toAlertRule(row: AlertRulesTable): AlertRule {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    enabled: row.enabled === 1,
    severity: row.severity,
    forSeconds: row.for_seconds,
    params: JSON.parse(row.params) as Record<string, unknown>,
    labels: JSON.parse(row.labels) as Record<string, string>,
    commons: row.commons_name,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

function toAlert(row: AlertsTable, silenced: boolean): Alert {
  return {
    id: row.id,
    rule: row.rule_name,
    kind: row.kind,
    state: row.state,
    severity: row.severity,
    commons: row.commons_name,
    subject: row.subject,
    summary: row.summary,
    labels: JSON.parse(row.labels) as Record<string, string>,
    value: row.value === null ? null : Number(row.value),
    activeSince: row.active_since,
    firedAt: row.fired_at,
    resolvedAt: row.resolved_at,
    acknowledgedAt: row.acknowledged_at,
    acknowledgedBy: row.acknowledged_by,
    silenced,
  };
}

function isUniqueViolation(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    (typeof message === 'string' && message.includes('UNIQUE constraint failed'))
  );
}

function instantOf(text: string, field: string): Date {
  const instant = parseDateTime(text);
  if (!instant)
    throw new InputError(`${field} is not a date-time.`, [
      { field, message: 'use RFC 3339, e.g. 2026-06-30T12:00:00Z' },
    ]);
  return instant;
}

export function registerAlertRoutes(app: CsocApp): void {
  const { context } = app;
  const db = context.database.db;
  const who = (request: { principal?: { email: string } }) => request.principal?.email ?? 'unknown';

  async function findRule(orgId: string, orgSlug: string, name: string): Promise<AlertRulesTable> {
    const rule = await db
      .selectFrom('alert_rules')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('name', '=', name)
      .executeTakeFirst();
    if (!rule)
      throw new NotFoundError(
        `No alert rule "${name}"; list them with GET /api/v1/orgs/${orgSlug}/alerts/rules.`,
      );
    return rule;
  }
  async function findChannel(orgId: string, orgSlug: string, name: string): Promise<AlertChannelsTable> {
    const channel = await db
      .selectFrom('alert_channels')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('name', '=', name)
      .executeTakeFirst();
    if (!channel)
      throw new NotFoundError(
        `No alert channel "${name}"; list them with GET /api/v1/orgs/${orgSlug}/alerts/channels.`,
      );
    return channel;
  }
  const secretFieldsOf = async (channel: AlertChannelsTable) =>
    Object.keys(await openChannelSecrets(context.vault, channel)).sort();

  // ---- alerts

  app.get(
    '/api/v1/orgs/:org/alerts',
    {
      config: { action: 'alert.read' },
      schema: {
        tags: TAGS,
        summary: 'Alerts of the org, newest first (filter by state: pending, firing, resolved)',
        params: AlertOrgParams,
        querystring: AlertListQuery,
        response: { 200: Page(Alert) },
      },
    },
    async (request) => {
      const access = orgAccessOf(request);
      const page = readPageRequest(request.query);
      let select = db
        .selectFrom('alerts')
        .selectAll()
        .where('org_id', '=', access.orgId)
        .orderBy('id', 'desc')
        .limit(page.limit + 1);
      if (request.query.state) select = select.where('state', '=', request.query.state);
      if (page.afterId) select = select.where('id', '<', page.afterId);
      const rows = await select.execute();
      const silences = await activeSilences(db, access.orgId);
      return toPage(
        rows,
        page,
        (row) => row.id,
        (row) => toAlert(row, isSilenced(silences, JSON.parse(row.labels) as Labels)),
      );
    },
  );

  app.post(
    '/api/v1/orgs/:org/alerts/:alert/ack',
    {
      config: { action: 'alert.ack' },
      schema: {
        tags: TAGS,
        summary: 'Acknowledge an alert: someone is on it (idempotent; the first acknowledgement stays)',
        params: AlertParams,
        body: Type.Optional(Type.Object({}, { additionalProperties: false })),
        response: { 200: Alert },
      },
    },
    async (request) => {
      const access = orgAccessOf(request);
      const alert = await acknowledgeAlert(
        context.database,
        access.orgId,
        request.params.alert,
        who(request),
      );
      if (!alert)
        throw new NotFoundError(
          `No alert ${request.params.alert}; list them with GET /api/v1/orgs/${access.orgSlug}/alerts.`,
        );
      request.auditNote = {
        target: `orgs/${access.orgSlug}/alerts/${alert.id}`,
        summary: { rule: alert.rule_name, state: alert.state },
      };
      const silences = await activeSilences(db, access.orgId);
      return toAlert(alert, isSilenced(silences, JSON.parse(alert.labels) as Labels));
    },
  );

  // ---- rules

  app.get(
    '/api/v1/orgs/:org/alerts/rules',
    {
      config: { action: 'alert.read' },
      schema: {
        tags: TAGS,
        summary: 'Alert rules of the org',
        params: AlertOrgParams,
        querystring: PageQuery,
        response: { 200: Page(AlertRule) },
      },
    },
    async (request) => {
      const access = orgAccessOf(request);
      const page = readPageRequest(request.query);
      let select = db
        .selectFrom('alert_rules')
        .selectAll()
        .where('org_id', '=', access.orgId)
        .orderBy('id')
        .limit(page.limit + 1);
      if (page.afterId) select = select.where('id', '>', page.afterId);
      return toPage(await select.execute(), page, (row) => row.id, toAlertRule);
    },
  );

  app.post(
    '/api/v1/orgs/:org/alerts/rules',
    {
      config: { action: 'alert.manage' },
      schema: {
        tags: TAGS,
        summary: "Add a rule: a built-in kind with the kind's defaults, or your thresholds",
        params: AlertOrgParams,
        body: CreateAlertRuleRequest,
        response: { 201: AlertRule },
      },
    },
    async (request, reply) => {
      const access = orgAccessOf(request);
      const body = request.body;
      const kind = body.kind as AlertRuleKind;
      const defaults = RULE_KIND_DEFAULTS[kind];
      const now = nowIso();
      const row: AlertRulesTable = {
        id: newId(),
        org_id: access.orgId,
        name: body.name,
        kind,
        enabled: body.enabled === false ? 0 : 1,
        severity: body.severity ?? defaults.severity,
        for_seconds: body.forSeconds ?? defaults.forSeconds,
        params: JSON.stringify(resolveRuleParams(kind, body.params as RuleParams)),
        labels: JSON.stringify(body.labels ?? {}),
        commons_name: body.commons ?? null,
        created_by: who(request),
        created_at: now,
        updated_at: now,
        version: 1,
      };
      try {
        await db.insertInto('alert_rules').values(row).execute();
      } catch (error) {
        if (isUniqueViolation(error))
          throw new ConflictError(
            `An alert rule named "${body.name}" exists already; pick another name or update it.`,
            'alert_rule_exists',
          );
        throw error;
      }
      request.auditNote = {
        target: `orgs/${access.orgSlug}/alerts/rules/${row.name}`,
        summary: { kind, severity: row.severity, forSeconds: row.for_seconds },
      };
      return reply.status(201).send(toAlertRule(row));
    },
  );

  app.get(
    '/api/v1/orgs/:org/alerts/rules/:rule',
    {
      config: { action: 'alert.read' },
      schema: {
        tags: TAGS,
        summary: 'One alert rule',
        params: AlertRuleParamsPath,
        response: { 200: AlertRule },
      },
    },
    async (request) => {
      const access = orgAccessOf(request);
      return toAlertRule(await findRule(access.orgId, access.orgSlug, request.params.rule));
    },
  );

  app.patch(
    '/api/v1/orgs/:org/alerts/rules/:rule',
    {
      config: { action: 'alert.manage' },
      schema: {
        tags: TAGS,
        summary: 'Change a rule (disabling it resolves its open alerts)',
        params: AlertRuleParamsPath,
        body: UpdateAlertRuleRequest,
        response: { 200: AlertRule },
      },
    },
    async (request) => {
      const access = orgAccessOf(request);
      const rule = await findRule(access.orgId, access.orgSlug, request.params.rule);
      const body = request.body;
      const kind = rule.kind as AlertRuleKind;
      const updated: AlertRulesTable = {
        ...rule,
        enabled: body.enabled === undefined ? rule.enabled : body.enabled ? 1 : 0,
        severity: body.severity ?? rule.severity,
        for_seconds: body.forSeconds ?? rule.for_seconds,
        params: body.params
          ? JSON.stringify(resolveRuleParams(kind, body.params as RuleParams))
          : rule.params,
        labels: body.labels ? JSON.stringify(body.labels) : rule.labels,
        commons_name: body.commons === undefined ? rule.commons_name : body.commons,
        updated_at: nowIso(),
        version: rule.version + 1,
      };
      const { id, org_id: _org, created_at: _c, created_by: _b, ...columns } = updated;
      const result = await db
        .updateTable('alert_rules')
        .set(columns)
        .where('id', '=', id)
        .where('version', '=', rule.version)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1)
        throw new ConflictError(
          'The rule changed while you were updating it; read it again and retry.',
          'alert_rule_changed',
        );
      if (updated.enabled === 0 && rule.enabled === 1)
        await resolveAlertsOfRule(context.database, access.orgId, rule.id);
      request.auditNote = {
        target: `orgs/${access.orgSlug}/alerts/rules/${rule.name}`,
        summary: { request: body },
      };
      return toAlertRule(updated);
    },
  );

  app.delete(
    '/api/v1/orgs/:org/alerts/rules/:rule',
    {
      config: { action: 'alert.manage' },
      schema: {
        tags: TAGS,
        summary: 'Delete a rule; its open alerts resolve',
        params: AlertRuleParamsPath,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const access = orgAccessOf(request);
      const rule = await findRule(access.orgId, access.orgSlug, request.params.rule);
      await resolveAlertsOfRule(context.database, access.orgId, rule.id);
      await db.deleteFrom('alert_rules').where('id', '=', rule.id).execute();
      request.auditNote = {
        target: `orgs/${access.orgSlug}/alerts/rules/${rule.name}`,
        summary: { kind: rule.kind },
      };
      return reply.status(204).send(null);
    },
  );

  // ---- channels

  app.get(
    '/api/v1/orgs/:org/alerts/channels',
    {
      config: { action: 'alert.read' },
      schema: {
        tags: TAGS,
        summary: 'Notification channels (secrets never shown)',
        params: AlertOrgParams,
        querystring: PageQuery,
        response: { 200: Page(AlertChannel) },
      },
    },
    async (request) => {
      const access = orgAccessOf(request);
      const page = readPageRequest(request.query);
      let select = db
        .selectFrom('alert_channels')
        .selectAll()
        .where('org_id', '=', access.orgId)
        .orderBy('id')
        .limit(page.limit + 1);
      if (page.afterId) select = select.where('id', '>', page.afterId);
      const rows = await select.execute();
      const fields = new Map(
        await Promise.all(rows.map(async (row) => [row.id, await secretFieldsOf(row)] as const)),
      );
      return toPage(
        rows,
        page,
        (row) => row.id,
        (row) => toAlertChannel(row, fields.get(row.id)!),
      );
    },
  );

  app.post(
    '/api/v1/orgs/:org/alerts/channels',
    {
      config: { action: 'alert.manage' },
      schema: {
        tags: TAGS,
        summary:
          'Add a channel: webhook (signed), Slack incoming webhook or email over SMTP; secrets are write-only',
        params: AlertOrgParams,
        body: CreateAlertChannelRequest,
        response: { 201: AlertChannel },
      },
    },
    async (request, reply) => {
      const access = orgAccessOf(request);
      const body = request.body;
      const kind = body.kind as AlertChannelsTable['kind'];
      const config = body.config ?? {};
      const secrets = body.secrets ?? {};
      const route = body.route ?? {};
      assertValidChannel(kind, config, secrets, route);
      const id = newId();
      const now = nowIso();
      const row: AlertChannelsTable = {
        id,
        org_id: access.orgId,
        name: body.name,
        kind,
        enabled: body.enabled === false ? 0 : 1,
        config: JSON.stringify(config),
        route: JSON.stringify(route),
        ...(await sealChannelSecrets(context.vault, id, secrets)),
        created_by: who(request),
        created_at: now,
        updated_at: now,
        version: 1,
      } as AlertChannelsTable;
      try {
        await db.insertInto('alert_channels').values(row).execute();
      } catch (error) {
        if (isUniqueViolation(error))
          throw new ConflictError(
            `An alert channel named "${body.name}" exists already; pick another name or update it.`,
            'alert_channel_exists',
          );
        throw error;
      }
      request.auditNote = {
        target: `orgs/${access.orgSlug}/alerts/channels/${row.name}`,
        summary: { kind, config, route, secretFields: Object.keys(secrets).sort() },
      };
      return reply.status(201).send(toAlertChannel(row, Object.keys(secrets).sort()));
    },
  );

  app.get(
    '/api/v1/orgs/:org/alerts/channels/:channel',
    {
      config: { action: 'alert.read' },
      schema: {
        tags: TAGS,
        summary: 'One channel (secrets never shown)',
        params: AlertChannelParams,
        response: { 200: AlertChannel },
      },
    },
    async (request) => {
      const access = orgAccessOf(request);
      const channel = await findChannel(access.orgId, access.orgSlug, request.params.channel);
      return toAlertChannel(channel, await secretFieldsOf(channel));
    },
  );

  app.patch(
    '/api/v1/orgs/:org/alerts/channels/:channel',
    {
      config: { action: 'alert.manage' },
      schema: {
        tags: TAGS,
        summary: 'Change a channel (config merges; secrets given replace those set; route replaces)',
        params: AlertChannelParams,
        body: UpdateAlertChannelRequest,
        response: { 200: AlertChannel },
      },
    },
    async (request) => {
      const access = orgAccessOf(request);
      const channel = await findChannel(access.orgId, access.orgSlug, request.params.channel);
      const merged = mergedChannelSettings(
        channel,
        await openChannelSecrets(context.vault, channel),
        request.body,
      );
      assertValidChannel(channel.kind, merged.config, merged.secrets, merged.route);
      const updated: AlertChannelsTable = {
        ...channel,
        enabled: request.body.enabled === undefined ? channel.enabled : request.body.enabled ? 1 : 0,
        config: JSON.stringify(merged.config),
        route: JSON.stringify(merged.route),
        ...(request.body.secrets ? await sealChannelSecrets(context.vault, channel.id, merged.secrets) : {}),
        updated_at: nowIso(),
        version: channel.version + 1,
      };
      const { id, org_id: _org, created_at: _c, created_by: _b, ...columns } = updated;
      const result = await db
        .updateTable('alert_channels')
        .set(columns)
        .where('id', '=', id)
        .where('version', '=', channel.version)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1)
        throw new ConflictError(
          'The channel changed while you were updating it; read it again and retry.',
          'alert_channel_changed',
        );
      request.auditNote = {
        target: `orgs/${access.orgSlug}/alerts/channels/${channel.name}`,
        summary: {
          config: request.body.config,
          route: request.body.route,
          enabled: request.body.enabled,
          secretsChanged: Object.keys(request.body.secrets ?? {}).sort(),
        },
      };
      return toAlertChannel(updated, Object.keys(merged.secrets).sort());
    },
  );

  app.delete(
    '/api/v1/orgs/:org/alerts/channels/:channel',
    {
      config: { action: 'alert.manage' },
      schema: {
        tags: TAGS,
        summary: 'Delete a channel (its queued notifications fail, logged)',
        params: AlertChannelParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const access = orgAccessOf(request);
      const channel = await findChannel(access.orgId, access.orgSlug, request.params.channel);
      await db.deleteFrom('alert_channels').where('id', '=', channel.id).execute();
      request.auditNote = {
        target: `orgs/${access.orgSlug}/alerts/channels/${channel.name}`,
        summary: { kind: channel.kind },
      };
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/orgs/:org/alerts/channels/:channel/test',
    {
      config: { action: 'alert.manage' },
      schema: {
        tags: TAGS,
        summary:
          'Send a test notification through the channel now, and say how it went (recorded in the delivery log)',
        params: AlertChannelParams,
        body: Type.Optional(Type.Object({}, { additionalProperties: false })),
        response: { 200: AlertTestSendResult },
      },
    },
    async (request) => {
      const access = orgAccessOf(request);
      const channel = await findChannel(access.orgId, access.orgSlug, request.params.channel);
      const now = new Date();
      const row = {
        id: newId(),
        org_id: access.orgId,
        channel_id: channel.id,
        group_key: 'test',
        items: '[]',
        status: 'sending' as const,
        attempts: 1,
        next_attempt_at: now.toISOString(),
        lease_owner: null,
        lease_expires_at: null,
        last_error: null,
        created_at: now.toISOString(),
        finished_at: null,
        version: 1,
      };
      const content = await contentOf(
        context,
        row,
        channel,
        [
          {
            id: 'test',
            event: 'firing',
            rule: 'test-send',
            kind: 'test',
            severity: 'info',
            commons: null,
            subject: '',
            summary: `A test notification sent by ${who(request)}; nothing is wrong.`,
            labels: { rule: 'test-send' },
            firedAt: now.toISOString(),
            resolvedAt: null,
          },
        ],
        true,
      );
      const result = await sendThroughChannel(
        context.vault,
        channel,
        content,
        DEFAULT_DISPATCHER_OPTIONS.timeoutMs,
        { allowedCidrs: context.config.alertAllowedCidrs },
      );
      await db
        .insertInto('alert_notifications')
        .values({
          ...row,
          status: result.delivered ? 'delivered' : 'failed',
          last_error: result.error,
          finished_at: nowIso(),
        })
        .execute();
      await recordDelivery(
        context.database,
        row,
        channel,
        result.delivered ? 'delivered' : 'failed',
        result,
        [],
        `test-send by ${who(request)}`,
        now,
      );
      request.auditNote = {
        target: `orgs/${access.orgSlug}/alerts/channels/${channel.name}/test`,
        summary: { delivered: result.delivered, statusCode: result.statusCode },
      };
      return {
        delivered: result.delivered,
        statusCode: result.statusCode,
        error: result.error,
        notificationId: row.id,
      };
    },
  );

  // ---- silences and maintenance windows

  app.get(
    '/api/v1/orgs/:org/alerts/silences',
    {
      config: { action: 'alert.read' },
      schema: {
        tags: TAGS,
        summary: 'Silences and maintenance windows, newest first (ended ones too)',
        params: AlertOrgParams,
        querystring: PageQuery,
        response: { 200: Page(AlertSilence) },
      },
    },
    async (request) => {
      const access = orgAccessOf(request);
      const page = readPageRequest(request.query);
      let select = db
        .selectFrom('alert_silences')
        .selectAll()
        .where('org_id', '=', access.orgId)
        .orderBy('id', 'desc')
        .limit(page.limit + 1);
      if (page.afterId) select = select.where('id', '<', page.afterId);
      const now = new Date();
      return toPage(
        await select.execute(),
        page,
        (row) => row.id,
        (row) => toAlertSilence(row, now),
      );
    },
  );

  app.post(
    '/api/v1/orgs/:org/alerts/silences',
    {
      config: { action: 'alert.manage' },
      schema: {
        tags: TAGS,
        summary: 'Silence the alerts that match (or, kind maintenance, one commons) until endsAt',
        params: AlertOrgParams,
        body: CreateAlertSilenceRequest,
        response: { 201: AlertSilence },
      },
    },
    async (request, reply) => {
      const access = orgAccessOf(request);
      const body = request.body;
      const kind = body.kind ?? 'silence';
      const now = new Date();
      const startsAt = body.startsAt ? instantOf(body.startsAt, 'body.startsAt') : now;
      const endsAt = instantOf(body.endsAt, 'body.endsAt');
      if (endsAt <= startsAt || endsAt <= now)
        throw new InputError('A silence must end in the future, after it starts.', [
          { field: 'body.endsAt', message: 'set a time after startsAt and after now' },
        ]);
      let matchers: AlertMatcher[] = body.matchers ?? [];
      if (kind === 'maintenance') {
        if (!body.commons)
          throw new InputError('A maintenance window is for one commons.', [
            { field: 'body.commons', message: 'name the commons under maintenance' },
          ]);
        matchers = [{ label: 'commons', op: '=', value: body.commons }, ...matchers];
      } else if (body.commons) matchers = [{ label: 'commons', op: '=', value: body.commons }, ...matchers];
      if (matchers.length === 0)
        throw new InputError('A silence needs at least one matcher, or it would silence everything.', [
          {
            field: 'body.matchers',
            message: 'add e.g. {"label": "commons", "op": "=", "value": "my-commons"}, or give body.commons',
          },
        ]);
      assertValidMatchers(matchers, 'body.matchers');
      const row = {
        id: newId(),
        org_id: access.orgId,
        kind,
        matchers: JSON.stringify(matchers),
        starts_at: startsAt.toISOString(),
        ends_at: endsAt.toISOString(),
        comment: body.comment,
        created_by: who(request),
        created_at: now.toISOString(),
      };
      await db.insertInto('alert_silences').values(row).execute();
      request.auditNote = {
        target: `orgs/${access.orgSlug}/alerts/silences/${row.id}`,
        summary: { kind, matchers, startsAt: row.starts_at, endsAt: row.ends_at },
      };
      return reply.status(201).send(toAlertSilence(row, now));
    },
  );

  app.delete(
    '/api/v1/orgs/:org/alerts/silences/:silence',
    {
      config: { action: 'alert.manage' },
      schema: {
        tags: TAGS,
        summary: 'End a silence or maintenance window now (it stays in the list, ended)',
        params: AlertSilenceParams,
        response: { 200: AlertSilence },
      },
    },
    async (request) => {
      const access = orgAccessOf(request);
      const silence = await db
        .selectFrom('alert_silences')
        .selectAll()
        .where('org_id', '=', access.orgId)
        .where('id', '=', request.params.silence)
        .executeTakeFirst();
      if (!silence)
        throw new NotFoundError(
          `No silence ${request.params.silence}; list them with GET /api/v1/orgs/${access.orgSlug}/alerts/silences.`,
        );
      const now = new Date();
      const endsAt = silence.ends_at > now.toISOString() ? now.toISOString() : silence.ends_at;
      const startsAt = silence.starts_at > endsAt ? endsAt : silence.starts_at;
      await db
        .updateTable('alert_silences')
        .set({ ends_at: endsAt, starts_at: startsAt })
        .where('id', '=', silence.id)
        .execute();
      request.auditNote = {
        target: `orgs/${access.orgSlug}/alerts/silences/${silence.id}`,
        summary: { ended: endsAt },
      };
      return toAlertSilence({ ...silence, ends_at: endsAt, starts_at: startsAt }, now);
    },
  );

  // ---- delivery log

  app.get(
    '/api/v1/orgs/:org/alerts/deliveries',
    {
      config: { action: 'alert.read' },
      schema: {
        tags: TAGS,
        summary: 'Every delivery attempt of every notification, newest first',
        params: AlertOrgParams,
        querystring: Type.Object(
          {
            ...PageQuery.properties,
            notification: Type.Optional(
              Type.String({
                maxLength: 64,
                pattern: '^[0-9a-f-]+$',
                description: 'Only the attempts of this notification',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(AlertDelivery) },
      },
    },
    async (request) => {
      const access = orgAccessOf(request);
      const page = readPageRequest(request.query);
      let select = db
        .selectFrom('alert_deliveries')
        .selectAll()
        .where('org_id', '=', access.orgId)
        .orderBy('id', 'desc')
        .limit(page.limit + 1);
      if (request.query.notification)
        select = select.where('notification_id', '=', request.query.notification);
      if (page.afterId) select = select.where('id', '<', page.afterId);
      return toPage(
        await select.execute(),
        page,
        (row) => row.id,
        (row) => ({
          id: row.id,
          notificationId: row.notification_id,
          channel: row.channel_name,
          attempt: Number(row.attempt),
          outcome: row.outcome,
          statusCode: row.status_code === null ? null : Number(row.status_code),
          error: row.error,
          alertIds: JSON.parse(row.alert_ids) as string[],
          deliveredBy: row.delivered_by,
          startedAt: row.started_at,
          durationMs: Number(row.duration_ms),
        }),
      );
    },
  );
}
