// The Kubernetes namespace of a commons: one value, set by CSOC, for the renderer (where Gen3 is installed,
// which service accounts the roles must trust, the secret names) and for the IaC plugin (the aws plugin's
// `namespace` variable, from the run request's commons name in plugins/aws/src/toTerraformVariables.ts).

/** The namespace Gen3 of commons `commonsName` is deployed to: the commons name. */
export function commonsNamespace(commonsName: string): string {
  return commonsName;
}
