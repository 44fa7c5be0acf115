// The JSON body an operation of the generated OpenAPI `paths` answers with (200, else 201): how the portal
// and the CLI name response shapes without writing them again by hand.

/**
 * @example
 * type Run = JsonBodyOf<paths['/api/v1/orgs/{org}/runs/{runId}']['get']>;
 */
export type JsonBodyOf<Operation> = Operation extends {
  responses: { 200: { content: { 'application/json': infer Body } } };
}
  ? Body
  : Operation extends { responses: { 201: { content: { 'application/json': infer Body } } } }
    ? Body
    : never;
