import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { isMap, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';
import playbookSchema from '../../../../schemas/playbook.schema.json';
import vocabularySchema from '../../../../schemas/vocabulary.schema.json';
import configSchema from '../../../../schemas/config.schema.json';
import type { SchemaProblem } from '../model/model';
import type { FileKind, TextSpan } from '../types';

export const SCHEMAS: Record<FileKind, object> = {
  playbook: playbookSchema,
  vocabulary: vocabularySchema,
  config: configSchema,
};

let validators: Record<FileKind, ValidateFunction> | undefined;

function validatorFor(kind: FileKind): ValidateFunction {
  if (!validators) {
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
    validators = {
      playbook: ajv.compile(playbookSchema),
      vocabulary: ajv.compile(vocabularySchema),
      config: ajv.compile(configSchema),
    };
  }
  return validators[kind];
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  array: 'a list',
  object: 'a mapping of keys',
  null: 'empty',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
};

function describeValue(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return 'text';
  return `${typeof v === 'number' ? 'the number' : 'the value'} ${String(v)}`;
}

/** `/stages/0/tactics/2` → `stages[0].tactics[2]`, the way the spec and readers write paths. */
export function readablePath(segments: string[]): string {
  let out = '';
  for (const s of segments) out += /^\d+$/.test(s) ? `[${s}]` : out ? `.${s}` : s;
  return out;
}

interface Located {
  node: Node | null | undefined;
  /** The key node of the last segment, when it was reached through a mapping. */
  key?: Node;
}

function locate(doc: Document.Parsed, segments: string[]): Located {
  let node: unknown = doc.contents;
  let key: Node | undefined;
  for (const seg of segments) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === seg);
      if (!pair) return { node: undefined };
      key = pair.key as Node;
      node = pair.value;
    } else if (isSeq(node)) {
      node = node.items[Number(seg)];
      key = undefined;
    } else return { node: undefined };
  }
  return { node: node as Node | null, key };
}

function spanOf(node: Node | null | undefined): TextSpan | undefined {
  const r = node?.range;
  return r ? { start: r[0], end: r[1] } : undefined;
}

/** The first line of a mapping: where "missing key" points, so the reader sees which item lacks it. */
function firstKeySpan(node: Node | null | undefined, text: string): TextSpan | undefined {
  if (isMap(node) && node.items.length && isPair(node.items[0])) {
    const first = node.items[0];
    const start = (first.key as Node | null)?.range?.[0] ?? node.range?.[0] ?? 0;
    const nl = text.indexOf('\n', start);
    return { start, end: nl === -1 ? text.length : text[nl - 1] === '\r' ? nl - 1 : nl };
  }
  return spanOf(node);
}

/**
 * Validates a document's JS value with ajv and turns each error into one plain
 * sentence at the offending key or value: the path, what is wrong, the fix.
 */
export function validateSchema(kind: FileKind, doc: Document.Parsed, data: unknown, text: string): SchemaProblem[] {
  const validate = validatorFor(kind);
  if (validate(data)) return [];
  const problems: SchemaProblem[] = [];
  const reportedPaths = new Set<string>();
  for (const error of validate.errors ?? []) {
    const problem = toProblem(kind, error, doc, data, text);
    if (!problem) continue;
    const dedupe = `${problem.span.start}:${problem.message}`;
    if (reportedPaths.has(dedupe)) continue;
    reportedPaths.add(dedupe);
    problems.push(problem);
  }
  return problems;
}

function rootLabel(kind: FileKind): string {
  return kind === 'config' ? '.playbook-lint.yaml' : `the ${kind}`;
}

function toProblem(kind: FileKind, error: ErrorObject, doc: Document.Parsed, data: unknown, text: string): SchemaProblem | undefined {
  const segments = error.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const path = readablePath(segments);
  const where = path ? `${path}: ` : '';
  const { node, key } = locate(doc, segments);
  const fallback: TextSpan = { start: 0, end: Math.min(text.length, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n')) };
  const params = error.params as Record<string, unknown>;
  const schema = error.parentSchema as { properties?: Record<string, unknown>; enum?: unknown[]; type?: string | string[] } | undefined;
  switch (error.keyword) {
    case 'additionalProperties': {
      const extra = String(params.additionalProperty);
      const extraKey = isMap(node) ? node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === extra)?.key : undefined;
      const allowed = Object.keys(schema?.properties ?? {}).join(', ');
      const owner = path ? path : `top level of ${rootLabel(kind)}`;
      return {
        span: spanOf(extraKey as Node) ?? spanOf(node) ?? fallback,
        message: `${owner}: unknown key "${extra}"; allowed keys are ${allowed}`,
      };
    }
    case 'required': {
      const missing = String(params.missingProperty);
      const empty = node === null || node === undefined || (isScalar(node) && node.value === null);
      const owner = path || rootLabel(kind);
      return {
        span: (empty ? undefined : firstKeySpan(node, text)) ?? fallback,
        message: `${owner}: missing required key "${missing}"`,
      };
    }
    case 'type': {
      const types = ([] as string[]).concat(params.type as string | string[]);
      const want = types.filter((t) => t !== 'null').map((t) => TYPE_WORDS[t] ?? t).join(' or ');
      const value = segments.reduce<unknown>((v, s) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[s] : undefined), data);
      if (!path) {
        const what = value === null || value === undefined ? 'the file is empty' : `the file holds ${describeValue(value)}`;
        const start = kind === 'config' ? '' : ` starting with "${kind}: <title>"`;
        return { span: spanOf(node) ?? fallback, message: `${what}; ${rootLabel(kind)} must be a mapping of keys${start}` };
      }
      return { span: spanOf(node) ?? spanOf(key) ?? fallback, message: `${where}must be ${want}, not ${describeValue(value)}` };
    }
    case 'pattern': {
      const value = String(isScalar(node) ? node.value : '');
      const suggestion = value.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
      return {
        span: spanOf(node) ?? fallback,
        message: `${where}"${value}" is not a kebab-case id (lowercase letters and digits joined by hyphens${suggestion ? `, like "${suggestion}"` : ''})`,
      };
    }
    case 'minItems':
      return { span: spanOf(key) ?? spanOf(node) ?? fallback, message: `${where}needs at least ${params.limit} entry; add one` };
    case 'minLength':
      return { span: spanOf(node) ?? fallback, message: `${where}must not be empty` };
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).join(', ');
      const value = isScalar(node) ? String(node.value) : describeValue(undefined);
      return { span: spanOf(node) ?? fallback, message: `${where}"${value}" is not allowed; use one of ${allowed}` };
    }
    case 'if':
      return undefined; // the failing `then` branch reports the real problem
    default:
      return { span: spanOf(node) ?? fallback, message: `${where}${error.message ?? 'is not valid'}` };
  }
}
