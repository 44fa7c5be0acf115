// Names for the API objects the CLI prints, taken from the generated OpenAPI types (never hand-written).
import type { JsonBodyOf } from '@csoc/common';
import type { paths } from '@csoc/common/api-types';

type JsonOf<Operation> = JsonBodyOf<Operation>;

export type CommonsObject = JsonOf<paths['/api/v1/orgs/{org}/commons/{commons}']['get']>;
export type RunObject = JsonOf<paths['/api/v1/orgs/{org}/runs/{runId}']['get']>;
export type CommonsWriteBody = NonNullable<
  paths['/api/v1/orgs/{org}/commons']['post']['requestBody']
>['content']['application/json'];
export type DeployObject = JsonOf<paths['/api/v1/orgs/{org}/commons/{commons}/deploys/{deployId}']['get']>;
export type UpgradePlan = JsonOf<paths['/api/v1/orgs/{org}/commons/{commons}/upgrade-plan']['post']>;
