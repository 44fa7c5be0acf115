// Public status pages: the opt-in setting of a commons, the updates operators post to its incidents, and
// the public page itself (what anyone may read without signing in: no hostnames, no probe errors, no ids).
import Type from 'typebox';
import { CommonsName } from './commonsSchemas.ts';
import { HealthState } from './monitorSchemas.ts';
import { Slug } from './orgSchemas.ts';

const Id = Type.String({
  minLength: 1,
  maxLength: 64,
  pattern: '^[0-9a-f-]+$',
  description: 'an incident id, as GET /orgs/:org/commons/:commons/incidents lists them',
});

export const StatusPageSettings = Type.Object({
  commons: Type.String(),
  enabled: Type.Boolean({ description: 'true: the page is public at url; false: it answers 404' }),
  title: Type.Union([Type.String(), Type.Null()], { description: 'shown instead of the commons name' }),
  url: Type.String({ description: 'the public HTML page; add .json or /feed.atom for the other formats' }),
  jsonUrl: Type.String(),
  feedUrl: Type.String(),
  updatedBy: Type.Union([Type.String(), Type.Null()]),
  updatedAt: Type.Union([Type.String(), Type.Null()]),
});

export const UpdateStatusPageRequest = Type.Object(
  {
    enabled: Type.Boolean({ description: 'publish (true) or withdraw (false) the public status page' }),
    title: Type.Optional(
      Type.Union([Type.String({ minLength: 1, maxLength: 120 }), Type.Null()], {
        description: 'public title; null: the commons name',
      }),
    ),
  },
  { additionalProperties: false },
);

export const IncidentUpdateStatus = Type.Union(
  [
    Type.Literal('investigating'),
    Type.Literal('identified'),
    Type.Literal('monitoring'),
    Type.Literal('resolved'),
  ],
  { description: 'where the operators are with the incident' },
);

export const PostIncidentUpdateRequest = Type.Object(
  {
    status: IncidentUpdateStatus,
    message: Type.String({
      minLength: 1,
      maxLength: 2000,
      description: 'public text shown on the status page and in its feed',
    }),
  },
  { additionalProperties: false },
);

export const IncidentUpdate = Type.Object({
  id: Type.String(),
  incidentId: Type.String(),
  status: IncidentUpdateStatus,
  message: Type.String(),
  postedBy: Type.String(),
  postedAt: Type.String(),
});

export const IncidentUpdateList = Type.Object({ items: Type.Array(IncidentUpdate) });

export const IncidentParams = Type.Object(
  { org: Slug, commons: CommonsName, incident: Id },
  { additionalProperties: false },
);

export const PublicStatusParams = Type.Object(
  { org: Slug, commons: CommonsName },
  { additionalProperties: false },
);

const PublicIncidentUpdate = Type.Object({
  status: IncidentUpdateStatus,
  message: Type.String(),
  postedAt: Type.String(),
});

export const PublicStatusPage = Type.Object({
  title: Type.String(),
  state: HealthState,
  checkedAt: Type.Union([Type.String(), Type.Null()]),
  groups: Type.Array(
    Type.Object({
      name: Type.String({ description: 'a group of Gen3 services, e.g. "Data access"' }),
      state: HealthState,
    }),
  ),
  uptime: Type.Object({
    last30: Type.Union([Type.Number(), Type.Null()]),
    last90: Type.Union([Type.Number(), Type.Null()]),
    days: Type.Array(
      Type.Object({
        day: Type.String({ description: 'YYYY-MM-DD (UTC)' }),
        uptime: Type.Union([Type.Number(), Type.Null()], { description: 'null: not monitored that day' }),
      }),
    ),
  }),
  incidents: Type.Array(
    Type.Object({
      title: Type.String({ description: 'e.g. "Data access down"' }),
      affected: Type.String({ description: 'a service group, or "All services"' }),
      state: HealthState,
      startedAt: Type.String(),
      endedAt: Type.Union([Type.String(), Type.Null()]),
      updates: Type.Array(PublicIncidentUpdate),
    }),
  ),
});
