/** How the schemas are compiled (scripts/generate.ts): every error, with its schema (messages read it). */
export const AJV_OPTIONS = { allErrors: true, verbose: true, strict: true, allowUnionTypes: true } as const;

/**
 * The schema with every `{"$ref": "#/definitions/x"}` replaced by a copy of
 * that definition (our schemas are not recursive). Same errors, same order,
 * same parentSchema: but ajv code for a `$ref` to a separately compiled schema
 * gathers errors with `vErrors.concat(ref.errors)`, which copies every error so
 * far for each failing item: a list of 60,000 wrongly typed tactics took
 * half a minute. Inlined, each error is pushed once.
 */
export function inlineRefs(schema: object): object {
  const definitions = (schema as { definitions?: Record<string, unknown> }).definitions ?? {};
  const walk = (node: unknown, depth: number): unknown => {
    if (Array.isArray(node)) return node.map((n) => walk(n, depth));
    if (!node || typeof node !== 'object') return node;
    const o = node as Record<string, unknown>;
    const ref = o.$ref;
    if (typeof ref === 'string' && ref.startsWith('#/definitions/') && Object.keys(o).length === 1 && depth < 32) {
      const target = definitions[ref.slice('#/definitions/'.length)];
      if (target !== undefined) return walk(target, depth + 1);
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) out[k] = k === 'definitions' || k === 'enum' || k === 'const' ? v : walk(v, depth);
    return out;
  };
  return walk(schema, 0) as object;
}
