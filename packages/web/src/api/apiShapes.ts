// Names for the response shapes the portal passes around, derived from the generated OpenAPI paths
// (the document inlines its schemas, so they are read off the routes that return them).
import type { JsonBodyOf } from '@csoc/common';
import type { paths } from '@csoc/common/api-types';

type Json<Operation> = JsonBodyOf<Operation>;

export type Commons = Json<paths['/api/v1/orgs/{org}/commons/{commons}']['get']>;
export type CommonsDocument = NonNullable<
  paths['/api/v1/orgs/{org}/commons']['post']['requestBody']
>['content']['application/json'];
export type Run = Json<paths['/api/v1/orgs/{org}/runs/{runId}']['get']>;
export type Revision = Json<paths['/api/v1/orgs/{org}/commons/{commons}/revisions/{revision}']['get']>;
export type PluginVersion = Json<paths['/api/v1/plugins/{name}/{version}']['get']>;
export type CloudAccount = Json<paths['/api/v1/orgs/{org}/accounts/{account}']['get']>;
export type AuditEvent = Json<paths['/api/v1/orgs/{org}/audit']['get']>['items'][number];
export type FleetStatusResponse = Json<paths['/api/v1/orgs/{org}/fleet/status']['get']>;
export type CommonsHealth = Json<paths['/api/v1/orgs/{org}/commons/{commons}/health']['get']>;
export type HealthState = CommonsHealth['state'];
export type Incident = Json<paths['/api/v1/orgs/{org}/commons/{commons}/incidents']['get']>['items'][number];
export type UptimeReport = Json<paths['/api/v1/orgs/{org}/commons/{commons}/uptime']['get']>;
export type UptimeDay = UptimeReport['days'][number];
export type FleetHealth = Json<paths['/api/v1/orgs/{org}/fleet/health']['get']>;
export type FleetHealthItem = FleetHealth['items'][number];
export type TelemetrySeries = Json<paths['/api/v1/orgs/{org}/commons/{commons}/telemetry']['get']>;
export type TelemetryPoint = TelemetrySeries['points'][number];
export type TelemetryWindow = TelemetrySeries['window'];
export type TelemetryForwarding = Json<paths['/api/v1/orgs/{org}/telemetry/forwarding']['get']>;
export type Alert = Json<paths['/api/v1/orgs/{org}/alerts']['get']>['items'][number];
export type AlertRule = Json<paths['/api/v1/orgs/{org}/alerts/rules/{rule}']['get']>;
export type AlertChannel = Json<paths['/api/v1/orgs/{org}/alerts/channels/{channel}']['get']>;
export type AlertSilence = Json<paths['/api/v1/orgs/{org}/alerts/silences']['get']>['items'][number];
export type AlertDelivery = Json<paths['/api/v1/orgs/{org}/alerts/deliveries']['get']>['items'][number];
export type AlertTestSendResult = Json<paths['/api/v1/orgs/{org}/alerts/channels/{channel}/test']['post']>;
