// The event stream a plugin writes on stdout: JSON Lines, one event per line, versioned separately from
// the manifest (`csoc.gen3.org/events/v1`). Unknown extra fields are allowed so the stream can grow by adding.
import Type, { type Static } from 'typebox';

export const EVENTS_API_VERSION = 'csoc.gen3.org/events/v1';
export const EVENTS_VERSION = 1;

export const RESOURCE_ACTIONS = ['create', 'update', 'delete', 'replace', 'read', 'no-op'] as const;
export const RESOURCE_STATUSES = ['planned', 'started', 'completed', 'failed'] as const;
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export const EVENT_TYPES = ['log', 'progress', 'resource', 'plan', 'outputs', 'error', 'manifest'] as const;

export const ResourceAction = Type.Enum([...RESOURCE_ACTIONS]);
export type ResourceAction = Static<typeof ResourceAction>;
export const ResourceStatus = Type.Enum([...RESOURCE_STATUSES]);
export type ResourceStatus = Static<typeof ResourceStatus>;
export const LogLevel = Type.Enum([...LOG_LEVELS]);
export type LogLevel = Static<typeof LogLevel>;

const envelope = {
  v: Type.Literal(EVENTS_VERSION),
  time: Type.String({ format: 'date-time' }),
};
const Count = Type.Integer({ minimum: 0 });

export const LogEvent = Type.Object({
  ...envelope,
  type: Type.Literal('log'),
  level: LogLevel,
  message: Type.String(),
});
export const ProgressEvent = Type.Object({
  ...envelope,
  type: Type.Literal('progress'),
  step: Count,
  total: Count,
  message: Type.Optional(Type.String()),
});
export const ResourceEvent = Type.Object({
  ...envelope,
  type: Type.Literal('resource'),
  address: Type.String({ minLength: 1 }),
  action: ResourceAction,
  status: ResourceStatus,
  elapsed: Type.Optional(Type.Number({ minimum: 0, description: 'seconds' })),
});
export const PlanSummary = Type.Object({ add: Count, change: Count, destroy: Count });
export type PlanSummary = Static<typeof PlanSummary>;
export const PlannedResource = Type.Object({
  address: Type.String({ minLength: 1 }),
  action: ResourceAction,
});
export type PlannedResource = Static<typeof PlannedResource>;
export const PlanEvent = Type.Object({
  ...envelope,
  type: Type.Literal('plan'),
  summary: PlanSummary,
  resources: Type.Array(PlannedResource),
  mode: Type.Optional(Type.Enum(['normal', 'destroy', 'refresh-only'])),
  planFile: Type.Optional(Type.String({ minLength: 1 })),
  json: Type.Optional(Type.Unknown({ description: 'the `terraform show -json` plan' })),
});
export const OutputsEvent = Type.Object({
  ...envelope,
  type: Type.Literal('outputs'),
  values: Type.Record(Type.String(), Type.Unknown()),
  sensitive: Type.Optional(
    Type.Array(Type.String(), { description: 'names of outputs withheld as sensitive' }),
  ),
});
export const ErrorEvent = Type.Object({
  ...envelope,
  type: Type.Literal('error'),
  message: Type.String({ minLength: 1 }),
  detail: Type.Optional(Type.String()),
  address: Type.Optional(Type.String()),
});
/** The answer to `describe`: the plugin's manifest as it sees it. */
export const ManifestEvent = Type.Object({
  ...envelope,
  type: Type.Literal('manifest'),
  manifest: Type.Record(Type.String(), Type.Unknown()),
});

export const EVENT_SCHEMAS = {
  log: LogEvent,
  progress: ProgressEvent,
  resource: ResourceEvent,
  plan: PlanEvent,
  outputs: OutputsEvent,
  error: ErrorEvent,
  manifest: ManifestEvent,
} as const;

export const PluginEvent = Type.Union([
  LogEvent,
  ProgressEvent,
  ResourceEvent,
  PlanEvent,
  OutputsEvent,
  ErrorEvent,
  ManifestEvent,
]);
export type LogEvent = Static<typeof LogEvent>;
export type ProgressEvent = Static<typeof ProgressEvent>;
export type ResourceEvent = Static<typeof ResourceEvent>;
export type PlanEvent = Static<typeof PlanEvent>;
export type OutputsEvent = Static<typeof OutputsEvent>;
export type ErrorEvent = Static<typeof ErrorEvent>;
export type ManifestEvent = Static<typeof ManifestEvent>;
export type PluginEvent = Static<typeof PluginEvent>;
export type PluginEventType = PluginEvent['type'];

/** An event as a plugin writes it, before the writer stamps `v` and `time`. */
export type PluginEventBody = PluginEvent extends infer E
  ? E extends PluginEvent
    ? Omit<E, 'v' | 'time'>
    : never
  : never;

/** Exit codes that end a verb. `drift` exits 2 when it found drift. */
export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_DRIFT = 2;
