// The telemetry API: a commons' ingest credential (issue or rotate, revoke, status; the token is in the
// answer of the issuing call only), the org's OTLP forwarding destination (header values write-only; a
// test-send), and the kept summary series. Changes are audited with a summary that names no secret.
import {
  IngestCredentialStatus,
  newId,
  IssuedIngestCredentialResponse,
  TelemetryCommonsParams,
  TelemetryForwarding,
  TelemetryForwardingRequest,
  TelemetryForwardingTestResult,
  TelemetryOrgParams,
  TelemetrySeriesQuery,
  TelemetrySeriesResponse,
} from '@csoc/common';
import Type from 'typebox';
import { orgAccessOf } from '../access/authorizeRequest.ts';
import { findCommons } from '../commons/commonsStore.ts';
import { sealBlob } from '../credentials/sealBlob.ts';
import { toSealedColumns } from '../credentials/sealedColumns.ts';
import { nowIso } from '../db/schema.ts';
import { InputError, NotFoundError } from '../errors.ts';
import type { CsocApp } from '../http/appContext.ts';
import { ingestCredentialOf, issueIngestCredential, revokeIngestCredential } from './ingestCredentials.ts';
import { OTLP_BASE_PATH } from './otlpIngestRoutes.ts';
import { forwarderBinding, pinForwardAddress, type OtlpForwarder } from './otlpForwarder.ts';
import { forwardBacklogOf, type ForwardBacklog } from './otlpForwardOutbox.ts';
import type { TelemetryForwardersTable } from './telemetryTables.ts';
import { readTelemetrySeries, type TelemetryWindow } from './telemetrySeries.ts';
import { testForwardDestination } from './testForwardDestination.ts';

const TAGS = ['telemetry'];

function toForwarding(row: TelemetryForwardersTable, backlog: ForwardBacklog) {
  return {
    endpoint: row.endpoint,
    enabled: row.enabled === 1,
    headerNames: JSON.parse(row.header_names) as string[],
    forwarded: Number(row.forwarded),
    failed: Number(row.failed),
    dropped: Number(row.dropped),
    backlogRequests: backlog.requests,
    backlogBytes: backlog.bytes,
    oldestQueuedAt: backlog.oldestAt,
    lastError: row.last_error,
    lastErrorAt: row.last_error_at,
    updatedAt: row.updated_at,
  };
}

export function registerTelemetryRoutes(app: CsocApp, forwarder: OtlpForwarder): void {
  const { context } = app;
  const db = context.database.db;
  const who = (request: { principal?: { email: string } }) => request.principal?.email ?? 'unknown';
  const commonsPath = '/api/v1/orgs/:org/commons/:commons/telemetry';

  app.get(
    commonsPath,
    {
      config: { action: 'telemetry.read' },
      schema: {
        tags: TAGS,
        summary:
          'Request rate, error rate, latency percentiles, logins and downloads of a commons over a window',
        params: TelemetryCommonsParams,
        querystring: TelemetrySeriesQuery,
        response: { 200: TelemetrySeriesResponse },
      },
    },
    async (request) => {
      const access = orgAccessOf(request);
      const commons = await findCommons(db, access.orgId, request.params.commons);
      const window = (request.query.window ?? '1h') as TelemetryWindow;
      const series = await readTelemetrySeries(db, commons.id, window, request.query.service);
      return { commons: commons.name, service: request.query.service ?? null, ...series };
    },
  );

  app.get(
    `${commonsPath}/credential`,
    {
      config: { action: 'telemetry.read' },
      schema: {
        tags: TAGS,
        summary: 'Whether the commons has an OTLP ingest credential (never the credential itself)',
        params: TelemetryCommonsParams,
        response: { 200: IngestCredentialStatus },
      },
    },
    async (request) => {
      const access = orgAccessOf(request);
      const commons = await findCommons(db, access.orgId, request.params.commons);
      const row = await ingestCredentialOf(db, commons.id);
      return {
        commons: commons.name,
        exists: Boolean(row),
        createdAt: row?.created_at ?? null,
        createdBy: row?.created_by ?? null,
      };
    },
  );

  app.post(
    `${commonsPath}/credential`,
    {
      config: { action: 'telemetry.manage' },
      schema: {
        tags: TAGS,
        summary:
          'Issue the commons an OTLP ingest credential, or rotate it (the previous one stops at once); shown once',
        params: TelemetryCommonsParams,
        response: { 201: IssuedIngestCredentialResponse },
      },
    },
    async (request, reply) => {
      const access = orgAccessOf(request);
      const commons = await findCommons(db, access.orgId, request.params.commons);
      const issued = await issueIngestCredential(
        db,
        { orgId: access.orgId, commonsId: commons.id },
        who(request),
      );
      request.auditNote = {
        target: `orgs/${access.orgSlug}/commons/${commons.name}/telemetry/credential`,
        summary: { rotated: issued.rotated, credentialId: issued.id },
      };
      return reply.status(201).send({
        commons: commons.name,
        token: issued.token,
        createdAt: issued.createdAt,
        rotated: issued.rotated,
        otlpEndpoint: `${context.publicUrl.replace(/\/+$/, '')}${OTLP_BASE_PATH}`,
      });
    },
  );

  app.delete(
    `${commonsPath}/credential`,
    {
      config: { action: 'telemetry.manage' },
      schema: {
        tags: TAGS,
        summary: "Revoke the commons' OTLP ingest credential: its agent is refused from now on",
        params: TelemetryCommonsParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const access = orgAccessOf(request);
      const commons = await findCommons(db, access.orgId, request.params.commons);
      if (!(await revokeIngestCredential(db, commons.id)))
        throw new NotFoundError(
          `Commons ${commons.name} has no ingest credential; issue one with POST ${request.url}.`,
          'credential_not_found',
        );
      request.auditNote = { target: `orgs/${access.orgSlug}/commons/${commons.name}/telemetry/credential` };
      return reply.status(204).send(null);
    },
  );

  const forwardingPath = '/api/v1/orgs/:org/telemetry/forwarding';

  app.get(
    forwardingPath,
    {
      config: { action: 'telemetry.read' },
      schema: {
        tags: TAGS,
        summary:
          "The org's OTLP forwarding destination, its delivery counts and its backlog waiting to be forwarded (header values never shown)",
        params: TelemetryOrgParams,
        response: { 200: TelemetryForwarding },
      },
    },
    async (request) => {
      const access = orgAccessOf(request);
      const row = await db
        .selectFrom('telemetry_forwarders')
        .selectAll()
        .where('org_id', '=', access.orgId)
        .executeTakeFirst();
      if (!row)
        throw new NotFoundError(
          `Org ${access.orgSlug} forwards no telemetry; set a destination with PUT /api/v1/orgs/${access.orgSlug}/telemetry/forwarding.`,
          'forwarding_not_found',
        );
      return toForwarding(row, await forwardBacklogOf(db, access.orgId));
    },
  );

  app.put(
    forwardingPath,
    {
      config: { action: 'telemetry.manage' },
      schema: {
        tags: TAGS,
        summary: "Forward every commons' raw OTLP, unchanged, to the org's own OTLP/HTTP endpoint",
        params: TelemetryOrgParams,
        body: TelemetryForwardingRequest,
        response: { 200: TelemetryForwarding },
      },
    },
    async (request) => {
      const access = orgAccessOf(request);
      const body = request.body;
      let endpoint: URL;
      try {
        endpoint = new URL(body.endpoint);
      } catch {
        throw new InputError('endpoint is not a URL.', [
          { field: 'body.endpoint', message: 'use https://collector.example.org:4318' },
        ]);
      }
      if (endpoint.protocol !== 'https:' && endpoint.protocol !== 'http:')
        throw new InputError('The endpoint must be http or https (OTLP/HTTP).', [
          { field: 'body.endpoint', message: 'use an http(s) URL' },
        ]);
      if (endpoint.username || endpoint.password || endpoint.search || endpoint.hash)
        throw new InputError(
          'Put credentials in headers, not in the endpoint URL; it has no query or fragment either.',
          [{ field: 'body.endpoint', message: 'remove user:password@, ?query and #fragment; use headers' }],
        );
      try {
        await pinForwardAddress(endpoint.hostname, context.config.telemetryForwardAllowedCidrs);
      } catch (error) {
        throw new InputError(`CSOC does not forward to ${endpoint.host}: ${(error as Error).message}.`, [
          { field: 'body.endpoint', message: 'use a public address, or an operator allows the range' },
        ]);
      }
      const headers = body.headers ?? {};
      const sealed = await sealBlob(
        context.vault,
        forwarderBinding(access.orgId),
        Buffer.from(JSON.stringify(headers)),
      );
      const now = nowIso();
      const row: TelemetryForwardersTable = {
        id: newId(),
        org_id: access.orgId,
        endpoint: endpoint.href.replace(/\/+$/, ''),
        enabled: body.enabled === false ? 0 : 1,
        header_names: JSON.stringify(Object.keys(headers).sort()),
        ...toSealedColumns(sealed),
        forwarded: 0,
        failed: 0,
        dropped: 0,
        last_error: null,
        last_error_at: null,
        created_by: who(request),
        updated_at: now,
      };
      await db
        .insertInto('telemetry_forwarders')
        .values(row)
        .onConflict((conflict) =>
          conflict.column('org_id').doUpdateSet({
            endpoint: row.endpoint,
            enabled: row.enabled,
            header_names: row.header_names,
            ...toSealedColumns(sealed),
            // The counts describe the destination as now set.
            forwarded: 0,
            failed: 0,
            dropped: 0,
            last_error: null,
            last_error_at: null,
            updated_at: now,
          }),
        )
        .execute();
      forwarder.invalidate(access.orgId);
      request.auditNote = {
        target: `orgs/${access.orgSlug}/telemetry/forwarding`,
        summary: {
          endpoint: row.endpoint,
          enabled: row.enabled === 1,
          headerNames: JSON.parse(row.header_names),
        },
      };
      const saved = await db
        .selectFrom('telemetry_forwarders')
        .selectAll()
        .where('org_id', '=', access.orgId)
        .executeTakeFirstOrThrow();
      return toForwarding(saved, await forwardBacklogOf(db, access.orgId));
    },
  );

  app.post(
    `${forwardingPath}/test`,
    {
      config: { action: 'telemetry.manage' },
      schema: {
        tags: TAGS,
        summary:
          "Send an empty OTLP metrics export to the org's forwarding destination now (with its headers), and say how it went",
        params: TelemetryOrgParams,
        body: Type.Optional(Type.Object({}, { additionalProperties: false })),
        response: { 200: TelemetryForwardingTestResult },
      },
    },
    async (request) => {
      const access = orgAccessOf(request);
      const result = await testForwardDestination(access.orgId, {
        db,
        vault: context.vault,
        allowedCidrs: context.config.telemetryForwardAllowedCidrs,
      });
      if (!result)
        throw new NotFoundError(
          `Org ${access.orgSlug} forwards no telemetry; set a destination with PUT /api/v1/orgs/${access.orgSlug}/telemetry/forwarding first.`,
          'forwarding_not_found',
        );
      request.auditNote = {
        target: `orgs/${access.orgSlug}/telemetry/forwarding/test`,
        summary: { delivered: result.delivered, statusCode: result.statusCode },
      };
      return result;
    },
  );

  app.delete(
    forwardingPath,
    {
      config: { action: 'telemetry.manage' },
      schema: {
        tags: TAGS,
        summary: 'Stop forwarding telemetry (the destination and its sealed headers are deleted)',
        params: TelemetryOrgParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const access = orgAccessOf(request);
      const removed = await db
        .deleteFrom('telemetry_forwarders')
        .where('org_id', '=', access.orgId)
        .executeTakeFirst();
      if (!Number(removed.numDeletedRows))
        throw new NotFoundError(`Org ${access.orgSlug} forwards no telemetry.`, 'forwarding_not_found');
      forwarder.invalidate(access.orgId);
      request.auditNote = { target: `orgs/${access.orgSlug}/telemetry/forwarding` };
      return reply.status(204).send(null);
    },
  );
}
