import type { ErrorObject, ValidateFunction } from 'ajv';
import playbookSchema from '../../../../schemas/playbook.schema.json';
import vocabularySchema from '../../../../schemas/vocabulary.schema.json';
import configSchema from '../../../../schemas/config.schema.json';
import { configGlobProblem } from '../config';
import { firstLineSpan } from '../model/nodes';
import type { SchemaProblem } from '../model/model';
import { suggest } from '../suggest';
import * as VALIDATORS from './validators.generated';
import type { FileKind, TextSpan } from '../types';
import { pushAll } from '../arrays';
import { isCollectionNode, isMapNode, isPairNode, isScalarNode, isSeqNode, rangeOf, type ParsedTree } from '../yaml-nodes';

export const SCHEMAS: Record<FileKind, object> = {
  playbook: playbookSchema,
  vocabulary: vocabularySchema,
  config: configSchema,
};

/** Most structure problems reported per file; the rest are counted in one closing diagnostic. */
const MAX_SCHEMA_PROBLEMS = 50;

/**
 * The validators are compiled at build time (scripts/generate.ts, ajv's standalone
 * code): compiling the config schema alone took 160 ms of every run.
 */
function validatorFor(kind: FileKind): ValidateFunction {
  return VALIDATORS[kind] as unknown as ValidateFunction;
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
  /** The node at the path (null: an empty value; undefined: no such place). */
  node: unknown;
  /** The key node of the last segment, when it was reached through a mapping. */
  key?: unknown;
}

function locate(doc: ParsedTree, segments: string[]): Located {
  let node: unknown = doc.contents;
  let key: unknown;
  for (const seg of segments) {
    if (isMapNode(node)) {
      const pair = node.items.find((p) => isPairNode(p) && isScalarNode(p.key) && String(p.key.value) === seg);
      if (!pair) return { node: undefined };
      key = pair.key;
      node = pair.value;
    } else if (isSeqNode(node)) {
      node = node.items[Number(seg)];
      key = undefined;
    } else return { node: undefined };
  }
  return { node, key };
}

function spanOf(node: unknown): TextSpan | undefined {
  const r = rangeOf(node);
  return r ? { start: r[0], end: r[1] } : undefined;
}

/**
 * Validates a document's JS value with ajv and turns each error into one plain
 * sentence at the offending key or value: the path, what is wrong, the fix.
 */
export function validateSchema(kind: FileKind, doc: ParsedTree, data: unknown, text: string): SchemaProblem[] {
  const wrongKind = wrongKindProblem(kind, doc, data, text);
  if (wrongKind) return [wrongKind];
  const validate = validatorFor(kind);
  const globs = kind === 'config' ? globProblems(doc, data) : [];
  if (validate(data)) return globs;
  const problems: SchemaProblem[] = [];
  const reportedPaths = new Set<string>();
  const errors = validate.errors ?? [];
  // A misspelt key ("defintion") is one mistake: the unknown key says "did you mean", the missing one stays quiet.
  const misspelt = new Set<string>();
  for (const error of errors) {
    if (error.keyword !== 'additionalProperties') continue;
    const allowed = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
    const near = suggest(String((error.params as { additionalProperty?: string }).additionalProperty), allowed, 1);
    if (near.length) misspelt.add(`${error.instancePath}|${near[0]}`);
  }
  let more = 0;
  for (const error of errors) {
    if (error.keyword === 'required' && misspelt.has(`${error.instancePath}|${String((error.params as { missingProperty?: string }).missingProperty)}`))
      continue;
    if (error.keyword === 'if') continue;
    // Past the cap, only count: locating each error costs a walk, and nobody reads thousands of them.
    if (problems.length >= MAX_SCHEMA_PROBLEMS) {
      more++;
      continue;
    }
    const problem = toProblem(kind, error, doc, data, text);
    if (!problem) continue;
    const dedupe = `${problem.span.start}:${problem.message}`;
    if (reportedPaths.has(dedupe)) continue;
    reportedPaths.add(dedupe);
    problems.push(problem);
  }
  pushAll(problems, globs);
  // In the order of the file, so every problem of a config is read top to bottom in one run.
  problems.sort((a, b) => a.span.start - b.span.start);
  if (more > 0) {
    problems.push({
      span: { start: 0, end: 0 },
      message: `this file has about ${more} more structure problems than the ${MAX_SCHEMA_PROBLEMS} shown; fix those first and check again`,
    });
  }
  return problems;
}

/**
 * Config globs that could reach outside the project root (`../x`, `/x`,
 * `C:/x`, `..\\x`): each is a problem at the glob itself, so the CLI refuses
 * the config (exit 2) and the editor marks the glob, from this one check.
 */
function globProblems(doc: ParsedTree, data: unknown): SchemaProblem[] {
  const out: SchemaProblem[] = [];
  if (!data || typeof data !== 'object') return out;
  for (const key of ['vocabulary', 'ignore'] as const) {
    const list = (data as Record<string, unknown>)[key];
    if (!Array.isArray(list)) continue;
    list.forEach((glob, i) => {
      if (typeof glob !== 'string') return;
      const message = configGlobProblem(`${key}[${i}]`, glob);
      if (!message) return;
      const { node, key: keyNode } = locate(doc, [key, String(i)]);
      const span = spanOf(node) ?? spanOf(locate(doc, [key]).key) ?? spanOf(keyNode) ?? { start: 0, end: 0 };
      out.push({ span, message });
    });
  }
  return out;
}

/**
 * A vocabulary saved as *.playbook.yaml (or the other way round) is one
 * mistake: say so once instead of listing every key as unknown.
 */
function wrongKindProblem(kind: FileKind, doc: ParsedTree, data: unknown, text: string): SchemaProblem | undefined {
  if (kind === 'config' || !data || typeof data !== 'object' || Array.isArray(data)) return undefined;
  const other = kind === 'playbook' ? 'vocabulary' : 'playbook';
  const keys = Object.keys(data as object);
  if (keys.includes(kind) || !keys.includes(other)) return undefined;
  const root = doc.contents;
  const key = isMapNode(root) ? root.items.find((p) => isPairNode(p) && isScalarNode(p.key) && p.key.value === other)?.key : undefined;
  return {
    span: spanOf(key) ?? firstLineSpan(root, text) ?? { start: 0, end: 0 },
    message: `this file holds a ${other} (it starts with "${other}:") but its name says it is a ${kind}; rename it to end in .${other}.yaml`,
  };
}

/** Severity words other linters use (ESLint's numbers and "warn", markdownlint's false, …), mapped to ours. */
const SEVERITY_SYNONYMS: Record<string, string> = {
  warn: 'warning',
  warnings: 'warning',
  '1': 'warning',
  err: 'error',
  errors: 'error',
  fatal: 'error',
  '2': 'error',
  none: 'off',
  disable: 'off',
  disabled: 'off',
  false: 'off',
  no: 'off',
  ignore: 'off',
  '0': 'off',
  information: 'info',
  hint: 'info',
  notice: 'info',
};

/** The allowed value a writer most likely meant: a severity synonym, else a close spelling. */
function meantValue(value: string, allowed: string[]): string | undefined {
  const synonym = SEVERITY_SYNONYMS[value.trim().toLowerCase()];
  if (synonym && allowed.includes(synonym)) return synonym;
  return suggest(value, allowed, 1)[0];
}

/** Keys only a tactic has: on a stage or at the top level they were meant for a tactic (indented one level short). */
const TACTIC_ONLY_KEYS = new Set(['tactic', 'why', 'deviate-when']);

/** "a stage" / "the top level" when a tactic's key sits there; undefined when the key is not a tactic's or sits elsewhere. */
function misplacedTacticKey(key: string, segments: string[]): string | undefined {
  if (!TACTIC_ONLY_KEYS.has(key)) return undefined;
  if (segments.length === 0) return 'the top level';
  return segments.length === 2 && segments[0] === 'stages' ? 'a stage' : undefined;
}

function rootLabel(kind: FileKind): string {
  return kind === 'config' ? '.playbook-lint.yaml' : `the ${kind}`;
}

/** What the items of a list at this path are called, for "add one". */
function itemWord(segments: string[]): string {
  const last = segments[segments.length - 1];
  return last === 'stages' ? 'stage' : last === 'tactics' ? 'tactic' : last === 'terms' ? 'term' : 'entry';
}

/** What one Ajv error is about, worked out once for the message builders below. */
interface ErrorSite {
  kind: FileKind;
  segments: string[];
  /** The readable path (`stages[0].tactics[2]`), '' at the top. */
  path: string;
  /** `path: ` or '' (the message prefix). */
  where: string;
  node: Located['node'];
  key: Located['key'];
  fallback: TextSpan;
  params: Record<string, unknown>;
  schema: { properties?: Record<string, unknown>; enum?: unknown[]; type?: string | string[] } | undefined;
  data: unknown;
  text: string;
}

function toProblem(kind: FileKind, error: ErrorObject, doc: ParsedTree, data: unknown, text: string): SchemaProblem | undefined {
  const segments = error.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const path = readablePath(segments);
  const { node, key } = locate(doc, segments);
  const site: ErrorSite = {
    kind,
    segments,
    path,
    where: path ? `${path}: ` : '',
    node,
    key,
    fallback: firstLineSpan(doc.contents, text) ?? { start: 0, end: Math.min(text.length, text.indexOf('\n') >>> 0) },
    params: error.params as Record<string, unknown>,
    schema: error.parentSchema as ErrorSite['schema'],
    data,
    text,
  };
  switch (error.keyword) {
    case 'additionalProperties':
      return unknownKeyProblem(site);
    case 'required':
      return requiredProblem(site);
    case 'type':
      return typeProblem(site);
    case 'pattern':
      return patternProblem(site);
    case 'minItems':
      return minItemsProblem(site);
    case 'minLength':
      return { span: spanOf(node) ?? spanOf(key) ?? site.fallback, message: `${site.where}must not be empty; write the text` };
    case 'enum':
      return enumProblem(site);
    case 'if':
      return undefined; // the failing `then` branch reports the real problem
    default:
      return { span: spanOf(node) ?? site.fallback, message: `${site.where}${error.message ?? 'is not valid'}` };
  }
}

function unknownKeyProblem({ kind, segments, path, node, fallback, params, schema }: ErrorSite): SchemaProblem {
  const extra = String(params.additionalProperty);
  const extraKey = isMapNode(node) ? node.items.find((p) => isPairNode(p) && isScalarNode(p.key) && String(p.key.value) === extra)?.key : undefined;
  const allowedKeys = Object.keys(schema?.properties ?? {});
  const span = spanOf(extraKey) ?? spanOf(node) ?? fallback;
  const owner = path ? path : `top level of ${rootLabel(kind)}`;
  const misplaced = kind === 'playbook' ? misplacedTacticKey(extra, segments) : undefined;
  if (misplaced)
    return {
      span,
      message: `${owner}: "${extra}" belongs to a tactic, not to ${misplaced}; indent it under the tactic it is about, level with that tactic's "id:"`,
      meant: extra,
    };
  const near = suggest(extra, allowedKeys, 2);
  const hint = near.length ? ` (did you mean "${near[0]}"?)` : '';
  const problem: SchemaProblem = { span, message: `${owner}: unknown key "${extra}"; allowed keys are ${allowedKeys.join(', ')}${hint}` };
  if (near.length) problem.meant = near[0];
  // Renaming is safe when the guess is the only one and the mapping has no such key yet (no duplicate key).
  if (near.length === 1 && extraKey && isMapNode(node) && !node.items.some((p) => isPairNode(p) && isScalarNode(p.key) && String(p.key.value) === near[0]))
    problem.rename = true;
  return problem;
}

function requiredProblem({ kind, path, node, fallback, params, text }: ErrorSite): SchemaProblem {
  const missing = String(params.missingProperty);
  const empty = node === null || node === undefined || (isScalarNode(node) && node.value === null);
  const owner = path || rootLabel(kind);
  return {
    span: (empty ? undefined : firstLineSpan(node, text)) ?? fallback,
    message: `${owner}: missing required key "${missing}"`,
  };
}

function typeProblem({ kind, segments, path, where, node, key, fallback, params, data, text }: ErrorSite): SchemaProblem {
  const types = ([] as string[]).concat(params.type as string | string[]);
  const want = types
    .filter((t) => t !== 'null')
    .map((t) => TYPE_WORDS[t] ?? t)
    .join(' or ');
  const value = segments.reduce<unknown>((v, s) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[s] : undefined), data);
  if (!path) {
    const what = value === null || value === undefined ? 'the file is empty' : `the file holds ${describeValue(value)}`;
    const start = kind === 'config' ? '' : ` starting with "${kind}: <title>"`;
    const at = value === null || value === undefined ? { start: 0, end: 0 } : (firstLineSpan(node, text) ?? fallback);
    return { span: at, message: `${what}; ${rootLabel(kind)} must be a mapping of keys${start}` };
  }
  // A scalar or a one-line [list] is marked itself; an empty value or a block list or mapping by its key
  // (or its first line), not a screenful.
  const empty = value === null || value === undefined;
  const own = !empty && (isScalarNode(node) || (isCollectionNode(node) && node.flow)) ? firstLineSpan(node, text) : undefined;
  const span = own ?? spanOf(key) ?? firstLineSpan(node, text) ?? spanOf(node) ?? fallback;
  const isConfigRule = kind === 'config' && segments.length === 2 && segments[0] === 'rules';
  const expected = isConfigRule ? 'a severity (error, warning, info or off) or a mapping with "severity"' : want;
  if (empty) return { span, message: `${where}has no value; it must be ${expected}` };
  return { span, message: `${where}must be ${expected}, not ${describeValue(value)}` };
}

function patternProblem({ where, node, fallback }: ErrorSite): SchemaProblem {
  const value = String(isScalarNode(node) ? node.value : '');
  const suggestion = value
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return {
    span: spanOf(node) ?? fallback,
    message: `${where}"${value}" is not a kebab-case id (lowercase letters and digits joined by hyphens${suggestion && suggestion !== value ? `, like "${suggestion}"` : ''})`,
  };
}

function minItemsProblem({ segments, where, node, key, fallback, params, text }: ErrorSite): SchemaProblem {
  const n = Number(params.limit);
  const word = itemWord(segments);
  return {
    span: spanOf(key) ?? firstLineSpan(node, text) ?? fallback,
    message: `${where}is empty; add at least ${n === 1 ? 'one' : n} ${word}${n === 1 ? '' : 's'}`,
  };
}

function enumProblem({ where, node, fallback, params }: ErrorSite): SchemaProblem {
  const values = (params.allowedValues as unknown[]).map(String);
  const value = isScalarNode(node) ? String(node.value) : describeValue(undefined);
  const near = meantValue(value, values);
  const hint = near ? ` (did you mean "${near}"?)` : '';
  return { span: spanOf(node) ?? fallback, message: `${where}"${value}" is not allowed; use one of ${values.join(', ')}${hint}` };
}
