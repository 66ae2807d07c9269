/**
 * Field meanings from the JSON Schemas (schemas/*.schema.json): the single
 * source for hover on a key and for the keys completion offers.
 */
import configSchema from '../../../schemas/config.schema.json';
import playbookSchema from '../../../schemas/playbook.schema.json';
import vocabularySchema from '../../../schemas/vocabulary.schema.json';
import type { FileKind } from '../core/types';

interface SchemaNode {
  $ref?: string;
  description?: string;
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  enum?: unknown[];
  [key: string]: unknown;
}

const SCHEMAS: Record<FileKind, SchemaNode> = {
  playbook: playbookSchema as SchemaNode,
  vocabulary: vocabularySchema as SchemaNode,
  config: configSchema as SchemaNode,
};

/** A key path segment: a mapping key, or ITEM for "an entry of a list". */
export const ITEM = -1;
export type PathSegment = string | number;

function resolve(root: SchemaNode, node: SchemaNode | undefined): SchemaNode | undefined {
  let current = node;
  for (let hops = 0; current?.$ref && hops < 10; hops++) {
    const ref = current.$ref;
    if (!ref.startsWith('#/')) return undefined;
    let target: unknown = root;
    for (const part of ref.slice(2).split('/')) target = (target as Record<string, unknown> | undefined)?.[part];
    current = target as SchemaNode | undefined;
  }
  return current;
}

/** The schema node at a key path, with the description the nearest property gives. */
function nodeAt(kind: FileKind, path: readonly PathSegment[]): { node: SchemaNode; description?: string } | undefined {
  const root = SCHEMAS[kind];
  let node: SchemaNode | undefined = root;
  let description = root.description;
  for (const seg of path) {
    node = resolve(root, node);
    if (!node) return undefined;
    if (typeof seg === 'number') {
      node = node.items;
      description = node?.description ?? resolve(root, node)?.description;
    } else {
      const prop: SchemaNode | undefined = node.properties?.[seg];
      if (!prop) return undefined;
      description = prop.description ?? resolve(root, prop)?.description;
      node = prop;
    }
  }
  const resolved = resolve(root, node);
  return resolved ? { node: resolved, description } : undefined;
}

/** What a key means, from the schema's description; undefined for keys the schema does not know. */
export function fieldDescription(kind: FileKind, path: readonly PathSegment[]): string | undefined {
  if (path.length === 0) return undefined;
  return nodeAt(kind, path)?.description;
}

export interface FieldInfo {
  key: string;
  description?: string;
  required: boolean;
  /** The schema types the value may have ("string", "array", …). */
  types: string[];
  /** For arrays: whether entries are mappings (tactics, stages, terms). */
  itemsAreObjects: boolean;
}

/** The keys a mapping at this path may hold, in schema order. */
export function fieldsAt(kind: FileKind, path: readonly PathSegment[]): FieldInfo[] | undefined {
  const root = SCHEMAS[kind];
  const found = nodeAt(kind, path);
  if (!found?.node.properties) return undefined;
  const required = new Set(found.node.required ?? []);
  return Object.entries(found.node.properties).map(([key, prop]) => {
    const resolved = resolve(root, prop) ?? prop;
    const types = ([] as string[]).concat(resolved.type ?? prop.type ?? []);
    const items = resolve(root, resolved.items);
    return {
      key,
      description: prop.description ?? resolved.description,
      required: required.has(key),
      types,
      itemsAreObjects: !!items && ([] as string[]).concat(items.type ?? []).includes('object'),
    };
  });
}

/** Allowed values of a scalar field, when the schema lists them (severities). */
export function enumAt(kind: FileKind, path: readonly PathSegment[]): string[] | undefined {
  const found = nodeAt(kind, path);
  const root = SCHEMAS[kind];
  const node = found?.node;
  if (!node) return undefined;
  const direct = node.enum?.filter((v): v is string => typeof v === 'string');
  if (direct?.length) return direct;
  // `rules.<id>` values: a string that must be a severity (if/then in the generated schema).
  const then = resolve(root, node.then as SchemaNode | undefined);
  const values = then?.enum?.filter((v): v is string => typeof v === 'string');
  return values?.length ? values : undefined;
}
