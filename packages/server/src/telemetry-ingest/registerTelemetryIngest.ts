// Wires the telemetry-ingest area into the app: one OTLP forwarder per app (it polls the durable outbox and
// stops with the app), the OTLP/HTTP receiver under /otlp and the telemetry API under /api/v1.
import type { CsocApp } from '../http/appContext.ts';
import { createOtlpForwarder } from './otlpForwarder.ts';
import { registerOtlpIngestRoutes } from './otlpIngestRoutes.ts';
import { registerTelemetryRoutes } from './telemetryRoutes.ts';

export function registerTelemetryIngest(app: CsocApp): void {
  const { context } = app;
  const forwarder = createOtlpForwarder({
    db: context.database.db,
    vault: context.vault,
    allowedCidrs: context.config.telemetryForwardAllowedCidrs,
    maxBacklogBytes: context.config.telemetryForwardMaxBacklogBytes,
    maxBacklogAgeMs: context.config.telemetryForwardMaxBacklogHours * 3_600_000,
    logger: context.logger.child({ area: 'telemetry-forwarding' }),
    metrics: context.metrics,
  });
  app.addHook('onClose', async () => forwarder.close());
  registerOtlpIngestRoutes(app, forwarder);
  registerTelemetryRoutes(app, forwarder);
}
