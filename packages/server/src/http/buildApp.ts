// Builds the Fastify app: request ids, strict validation, one error shape, authentication, security
// headers, metrics, the OpenAPI 3.1 document and every area's routes.
import fastifyCookie from '@fastify/cookie';
import fastifyCors from '@fastify/cors';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { ErrorResponse } from '@csoc/common';
import Fastify from 'fastify';
import Type from 'typebox';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { installAuthorization } from '../access/authorizeRequest.ts';
import { registerAuditRoutes } from '../audit/auditRoutes.ts';
import { installAuditing } from '../audit/installAuditing.ts';
import { databaseRateLimitStore } from './databaseRateLimitStore.ts';
import { registerCloudAccountRoutes } from '../credentials/cloudAccountRoutes.ts';
import { registerHealthRoutes } from '../health/healthRoutes.ts';
import { registerInvitationRoutes } from '../identity/invitationRoutes.ts';
import { registerMemberRoutes } from '../identity/memberRoutes.ts';
import { registerTokenRoutes } from '../identity/tokenRoutes.ts';
import { registerUserRoutes } from '../identity/userRoutes.ts';
import { registerCommonsRoutes } from '../commons/commonsRoutes.ts';
import { registerPluginRoutes } from '../plugins/pluginRoutes.ts';
import { registerRunRoutes } from '../runs/runRoutes.ts';
import { registerStateAdminRoutes } from '../state/stateAdminRoutes.ts';
import { registerStateBackendRoutes } from '../state/stateBackendRoutes.ts';
import { registerGitopsRepoRoutes } from '../gitops/repository/gitopsRepoRoutes.ts';
import { registerDeployRoutes } from '../gitops/deploys/deployRoutes.ts';
import { registerReleaseRoutes } from '../gitops/releases/releaseRoutes.ts';
import { registerFleetStatusRoutes } from '../gitops/deploys/fleetStatusRoutes.ts';
import { registerMonitorRoutes } from '../monitor/monitorRoutes.ts';
import { registerRenderPreviewRoutes } from '../gitops/rendering/renderPreviewRoutes.ts';
import { registerAlertRoutes } from '../alerts/alertRoutes.ts';
import { registerTelemetryIngest } from '../telemetry-ingest/registerTelemetryIngest.ts';
import { registerStatusPageRoutes } from '../statuspage/statusPageRoutes.ts';
import { registerBulkRoutes } from '../bulk/bulkRoutes.ts';
import { registerWaveRoutes } from '../waves/waveRoutes.ts';
import { registerAgentLink } from '../agents/registerAgentLink.ts';
import { installAuthentication } from '../identity/authenticateRequest.ts';
import { registerOrgRoutes } from '../identity/orgRoutes.ts';
import { registerOrgSettingsRoutes } from '../identity/orgSettingsRoutes.ts';
import { registerSessionRoutes } from '../identity/sessionRoutes.ts';
import { registerOidcRoutes } from '../identity/oidc/oidcRoutes.ts';
import type { AppContext, CsocApp, RouteInfo } from './appContext.ts';
import { createValidatorCompiler } from './createValidatorCompiler.ts';
import { installErrorHandling } from './errorHandler.ts';
import { installNulByteGuard } from './rejectNulBytes.ts';
import { lazyChildLoggerFactory } from './lazyRequestLogger.ts';
import { registerPortalRoutes } from './servePortal.ts';

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;

/** The area route registrars, in the order their routes appear in the API document. */
const areaRoutes: Array<(app: CsocApp) => void | Promise<void>> = [
  registerHealthRoutes,
  registerSessionRoutes,
  registerOidcRoutes,
  registerOrgRoutes,
  registerOrgSettingsRoutes,
  registerMemberRoutes,
  registerInvitationRoutes,
  registerTokenRoutes,
  registerUserRoutes,
  registerAuditRoutes,
  registerPluginRoutes,
  registerCommonsRoutes,
  registerRunRoutes,
  registerStateAdminRoutes,
  registerStateBackendRoutes,
  registerCloudAccountRoutes,
  registerGitopsRepoRoutes,
  registerDeployRoutes,
  registerReleaseRoutes,
  registerFleetStatusRoutes,
  registerMonitorRoutes,
  registerRenderPreviewRoutes,
  registerAlertRoutes,
  registerStatusPageRoutes,
  registerBulkRoutes,
  registerWaveRoutes,
  registerTelemetryIngest,
  registerAgentLink,
];

export async function buildApp(context: AppContext): Promise<CsocApp> {
  const fastify = Fastify({
    loggerInstance: context.logger,
    bodyLimit: context.config.bodyLimitBytes,
    trustProxy: context.config.trustProxy,
    // Keep-alive connections that are idle close at once on shutdown; busy ones finish their request.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    requestIdHeader: false,
    // Each request's logger is built on its first line, not on every request (ADR 0075).
    childLoggerFactory: lazyChildLoggerFactory,
    genReqId: (request: IncomingMessage) => {
      const incoming = request.headers['x-request-id'];
      // A request id needs to be unique, not ordered: randomUUID draws from a pooled buffer, several times
      // cheaper per request than a time-ordered id.
      return typeof incoming === 'string' && REQUEST_ID_PATTERN.test(incoming) ? incoming : randomUUID();
    },
    ajv: { customOptions: { removeAdditional: false } },
    // Errors the router raises before any route runs (bad percent-encoding, over-long parameters) get the
    // same error shape as everything else.
    frameworkErrors: (error, request, reply) => {
      const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      const body = {
        error: {
          code: tooLong ? 'uri_too_long' : 'bad_url',
          message: tooLong
            ? 'A path parameter is longer than this API accepts; check the id or name.'
            : 'The URL is not valid (bad percent-encoding); check it.',
          requestId: String(request.id),
        },
      };
      void (reply as unknown as { status(code: number): { send(payload: unknown): void } })
        .status(tooLong ? 414 : 400)
        .send(body);
    },
  });
  const app = fastify.withTypeProvider() as unknown as CsocApp;
  app.decorate('context', context);
  const routeTable: RouteInfo[] = [];
  app.decorate('routeTable', routeTable);
  app.setValidatorCompiler(createValidatorCompiler());
  installErrorHandling(app);

  app.addHook('onRoute', (route) => {
    // Every route documents the error shape, so clients and the OpenAPI document always know it.
    if (route.url.startsWith('/api/docs')) {
      route.config = { ...(route.config ?? {}), action: 'public' };
      route.schema = { ...(route.schema ?? {}), hide: true };
      return;
    }
    const schema = (route.schema ??= {});
    const response = (schema.response ??= {}) as Record<string, unknown>;
    response['4xx'] ??= ErrorResponse;
    response['5xx'] ??= ErrorResponse;
    const action = route.config?.action;
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') routeTable.push({ method, url: route.url, action });
    }
    if (action && action !== 'public')
      (schema as { security?: unknown }).security = [{ session: [] }, { bearer: [] }];
  });

  // The API speaks JSON only; any other body type is a 415, not a confusing validation error.
  app.removeContentTypeParser('text/plain');
  await app.register(fastifyCookie);
  if (context.config.corsOrigins.length > 0) {
    await app.register(fastifyCors, { origin: context.config.corsOrigins, credentials: true });
  }
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'CSOC API', version: '1', description: 'Gen3 Commons Services Operations Center' },
      servers: [{ url: context.publicUrl }],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'csoc_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', uiConfig: { deepLinking: true } });

  // The hooks every request runs take callbacks, not async functions: each async hook costs a promise
  // and a trip through the microtask queue per request.
  app.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  const securityHeaders = {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    ...(context.publicUrl.startsWith('https:') ? { 'strict-transport-security': 'max-age=31536000' } : {}),
  };
  const apiHeaders = {
    ...securityHeaders,
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'cache-control': 'no-store',
  };
  app.addHook('onSend', (request, reply, payload, done) => {
    // During shutdown, responses to requests still in flight close their keep-alive connection, so the
    // server can finish closing instead of waiting for idle sockets to time out.
    if (!context.lifecycle.accepting) void reply.header('connection', 'close');
    const api = request.url.startsWith('/api/') && !request.url.startsWith('/api/docs');
    void reply.headers(api ? apiHeaders : securityHeaders);
    done(null, payload);
  });
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    context.metrics.httpRequestDuration.observe(
      { method: request.method, route, status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });

  // Per-route limits (sign-in); in memory per process, so N replicas allow N times the rate — the
  // account lockout, kept in the database, is the limit that holds across replicas.
  // Counted in the database, so all API replicas share one limit; if counting fails, the request goes on
  // (the per-account lockout of sign-in, also in the database, still applies).
  await app.register(fastifyRateLimit, {
    global: false,
    store: databaseRateLimitStore(context.database),
    skipOnError: true,
  });
  installNulByteGuard(app);
  installAuthentication(app, context);
  installAuthorization(app, context);
  installAuditing(app, context);
  for (const register of areaRoutes) await register(app);

  app.get(
    '/api/v1/openapi.json',
    {
      config: { action: 'public' },
      schema: {
        tags: ['docs'],
        summary: 'This API as an OpenAPI 3.1 document',
        response: { 200: Type.Object({}, { additionalProperties: true }) },
      },
    },
    async () => app.swagger(),
  );
  registerPortalRoutes(app);
  return app;
}
