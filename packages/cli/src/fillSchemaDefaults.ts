// Fills JSON Schema `default`s into a value the way CSOC's validator does (Ajv useDefaults: missing object
// properties get their default, recursively), so `commons diff` compares like with like.

type Schema = { properties?: Record<string, Schema>; default?: unknown; type?: unknown };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Returns a copy of `value` with the schema's property defaults filled in where missing. */
export function fillSchemaDefaults(schema: unknown, value: unknown): unknown {
  const properties = (schema as Schema | undefined)?.properties;
  if (!isPlainObject(value) || !properties) return value;
  const filled: Record<string, unknown> = { ...value };
  for (const [name, property] of Object.entries(properties)) {
    if (filled[name] === undefined && property.default !== undefined)
      filled[name] = structuredClone(property.default);
    if (filled[name] !== undefined) filled[name] = fillSchemaDefaults(property, filled[name]);
  }
  return filled;
}
