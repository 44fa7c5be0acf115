// The yaml library, loaded only by the commands that need it: it is more than half of the CLI bundle
// (114 of 200 kB), and most commands (the config as the CLI writes it, table or JSON output) do without
// it. A dynamic import makes esbuild put it in a chunk of its own (ADR 0045).
import type YAML from 'yaml';

export type YamlLibrary = typeof YAML;

let library: YamlLibrary | undefined;

/** Loads the library once. */
export async function loadYaml(): Promise<YamlLibrary> {
  library ??= (await import('yaml')).default;
  return library;
}

/** The library already loaded by loadYaml (a synchronous caller's precondition, checked). */
export function loadedYaml(): YamlLibrary {
  if (!library) throw new Error('internal error: the yaml library was used before loadYaml()');
  return library;
}
