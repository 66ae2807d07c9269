/**
 * Glob matching in time linear in the path's length, whatever the pattern.
 *
 * Config globs come from files other people write, so a glob is never turned
 * into a regular expression (a backtracking engine takes exponential time on
 * `*a*a*a*a*a*a!` against a long name). Instead a glob compiles to segments of
 * tokens, and matching uses the classic wildcard walk that only ever returns to
 * the LAST star: within a folder name every `*` is tried at most once per
 * character, and `**` across folder names the same way, so one match costs at
 * most (path length × pattern length) steps. Brace alternatives are expanded
 * up front, with a cap, so they cannot multiply without bound either.
 *
 * Syntax: `*`, `?`, `[abc]`, `[a-z]`, `[!x]` / `[^x]`, `**` as a whole folder
 * name, `{a,b}` and `{1..3}` alternatives, `\` escapes. Extended globs
 * (`@(a|b)`, `!(x)`, …) are refused with a message (see globSyntaxProblem).
 */

/** Most alternatives one glob may expand to (`{a,b}{c,d}` is 4). */
export const MAX_GLOB_ALTERNATIVES = 256;
/** Longest glob accepted, in characters. */
export const MAX_GLOB_LENGTH = 1000;

export class GlobError extends Error {}

type Token = { t: 'lit'; c: string } | { t: 'one' } | { t: 'star' } | { t: 'class'; negate: boolean; ranges: Array<[string, string]> };
/**
 * A folder or file name pattern: its tokens, and for the common shapes (`name`, `*.ext`, `prefix*`)
 * the literal text that decides it, compared without the walk (every walk of a project reads every name).
 */
interface NamePattern {
  tokens: Token[];
  shape: 'exact' | 'suffix' | 'prefix' | 'walk';
  text: string;
}
/** A folder name pattern; null is `**` (any number of folder names). */
type Segment = NamePattern | null;

/** One compiled glob: its alternatives (after brace expansion), each a list of segments. */
export interface CompiledGlob {
  source: string;
  alternatives: Segment[][];
  nocase: boolean;
}

const EXTGLOB = /(^|[^\\])[@!+*?]\(/;

/** Why a glob cannot be used (too long, too many alternatives, extended syntax), or undefined. */
export function globSyntaxProblem(glob: string): string | undefined {
  try {
    compileGlob(glob);
    return undefined;
  } catch (error) {
    if (error instanceof GlobError) return error.message;
    throw error;
  }
}

export function compileGlob(glob: string, options: { nocase?: boolean } = {}): CompiledGlob {
  if (glob.length > MAX_GLOB_LENGTH) throw new GlobError(`it is ${glob.length} characters long, more than the ${MAX_GLOB_LENGTH} a glob may have; shorten it`);
  if (EXTGLOB.test(glob)) throw new GlobError('extended glob patterns such as @(a|b) or !(x) are not supported; write alternatives with braces, {a,b}');
  const nocase = options.nocase ?? false;
  // An alternative that starts at "/" is an absolute path, which no path relative to the glob's folder matches.
  const alternatives: Segment[][] = [];
  for (const alt of expandBraces(tidy(glob)).map(tidy)) {
    const segments = alt.startsWith('/') ? undefined : splitSegments(nocase ? alt.toLowerCase() : alt);
    if (segments) alternatives.push(segments);
  }
  return { source: glob, alternatives, nocase };
}

/** Whether a path (relative to the glob's folder, "/" between names, no leading "./") matches. */
export function globMatches(glob: CompiledGlob, path: string): boolean {
  return globMatchesNames(glob, (glob.nocase ? path.toLowerCase() : path).split('/'));
}

/** globMatches for a path already split into its names (lower case when the glob ignores case). */
function globMatchesNames(glob: CompiledGlob, names: string[]): boolean {
  return glob.alternatives.some((segments) => matchSegments(segments, names));
}

/**
 * Whether something below the folder `dir` (relative, "" for the glob's own
 * folder) could match: false lets a walk skip the folder without listing it.
 */
export function globMayMatchBelow(glob: CompiledGlob, dir: string): boolean {
  if (dir === '') return true;
  const names = (glob.nocase ? dir.toLowerCase() : dir).split('/');
  return glob.alternatives.some((segments) => {
    for (let i = 0; i < names.length; i++) {
      const segment = segments[i];
      if (segment === undefined) return false;
      if (segment === null) return true;
      if (!matchName(segment, names[i])) return false;
    }
    return segments.length > names.length;
  });
}

/** Whether a command-line argument is a pattern rather than a path: an unescaped `*?[]{}()`, or a leading `!`. */
export function isDynamicGlob(glob: string): boolean {
  return /(?:^|[^\\])[*?[\]{}()]/.test(glob) || glob.startsWith('!');
}

/** The glob as written, without `./` at its start, `/./` or `//` inside or a `/` at its end (as a path is read). */
function tidy(glob: string): string {
  let out = glob.replace(/\/(?:\.?\/)+/g, '/');
  while (out.startsWith('./')) out = out.slice(2);
  return out.length > 1 && out.endsWith('/') ? out.slice(0, -1) : out;
}

/** The alternative's folder names as segments; undefined when one is empty or "." (no path has such a name). */
function splitSegments(glob: string): Segment[] | undefined {
  const out: Segment[] = [];
  for (const name of glob.split('/')) {
    if (name === '' || name === '.') return undefined;
    if (name === '**') {
      if (out[out.length - 1] !== null) out.push(null);
      continue;
    }
    out.push(namePattern(tokenize(name)));
  }
  return out;
}

function namePattern(tokens: Token[]): NamePattern {
  const literal = (list: Token[]) => (list.every((t) => t.t === 'lit') ? list.map((t) => (t as { c: string }).c).join('') : undefined);
  const whole = literal(tokens);
  if (whole !== undefined) return { tokens, shape: 'exact', text: whole };
  const afterStar = tokens[0].t === 'star' ? literal(tokens.slice(1)) : undefined;
  if (afterStar !== undefined) return { tokens, shape: 'suffix', text: afterStar };
  const beforeStar = tokens[tokens.length - 1].t === 'star' ? literal(tokens.slice(0, -1)) : undefined;
  if (beforeStar !== undefined) return { tokens, shape: 'prefix', text: beforeStar };
  return { tokens, shape: 'walk', text: '' };
}

function tokenize(name: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < name.length; i++) {
    const c = name[i];
    if (c === '\\' && i + 1 < name.length) tokens.push({ t: 'lit', c: name[++i] });
    else if (c === '*') {
      if (tokens[tokens.length - 1]?.t !== 'star') tokens.push({ t: 'star' });
    } else if (c === '?') tokens.push({ t: 'one' });
    else if (c === '[') {
      const parsed = parseClass(name, i);
      if (parsed) {
        tokens.push(parsed.token);
        i = parsed.end;
      } else tokens.push({ t: 'lit', c });
    } else tokens.push({ t: 'lit', c });
  }
  return tokens;
}

/** `[...]` starting at `start`: the token and the index of its `]`, or undefined when unclosed (then `[` is literal). */
function parseClass(name: string, start: number): { token: Token; end: number } | undefined {
  let i = start + 1;
  const negate = name[i] === '!' || name[i] === '^';
  if (negate) i++;
  const ranges: Array<[string, string]> = [];
  let first = true;
  for (; i < name.length; i++) {
    let c = name[i];
    if (c === ']' && !first) return { token: { t: 'class', negate, ranges }, end: i };
    first = false;
    if (c === '\\' && i + 1 < name.length) c = name[++i];
    if (name[i + 1] === '-' && i + 2 < name.length && name[i + 2] !== ']') {
      let to = name[i + 2];
      i += 2;
      if (to === '\\' && i + 1 < name.length) to = name[++i];
      ranges.push([c, to]);
    } else ranges.push([c, c]);
  }
  return undefined;
}

function tokenMatches(token: Token, c: string): boolean {
  switch (token.t) {
    case 'lit':
      return token.c === c;
    case 'one':
      return true;
    case 'class': {
      const inside = token.ranges.some(([from, to]) => c >= from && c <= to);
      return inside !== token.negate;
    }
    default:
      return false;
  }
}

/**
 * The wildcard walk, for both levels: items of a pattern against items of a
 * subject, where a star item stands for any run of subject items. On a
 * mismatch it returns only to the LAST star, one subject item further on:
 * at most (subject length × pattern length) comparisons, whatever the pattern.
 */
function wildcardWalk<P, S>(pattern: readonly P[], subject: ArrayLike<S>, isStar: (p: P) => boolean, matches: (p: P, s: S) => boolean): boolean {
  let p = 0;
  let i = 0;
  let starAt = -1;
  let resumeAt = 0;
  while (i < subject.length) {
    if (p < pattern.length && isStar(pattern[p])) {
      starAt = p++;
      resumeAt = i;
    } else if (p < pattern.length && matches(pattern[p], subject[i])) {
      p++;
      i++;
    } else if (starAt >= 0) {
      p = starAt + 1;
      i = ++resumeAt;
    } else return false;
  }
  while (p < pattern.length && isStar(pattern[p])) p++;
  return p === pattern.length;
}

/** One folder or file name against one segment: `*` is the star, other tokens match one character. */
function matchName(pattern: NamePattern, name: string): boolean {
  switch (pattern.shape) {
    case 'exact':
      return name === pattern.text;
    case 'suffix':
      return name.endsWith(pattern.text);
    case 'prefix':
      return name.startsWith(pattern.text);
    default:
      return wildcardWalk(pattern.tokens, name, (t) => t.t === 'star', tokenMatches);
  }
}

/** Names against segments: `**` (null) is the star, other segments match one name. */
function matchSegments(segments: Segment[], names: string[]): boolean {
  return wildcardWalk(
    segments,
    names,
    (s) => s === null,
    (s, name) => matchName(s!, name),
  );
}

/** `{a,b}` and `{1..3}` expanded (nested too), at most MAX_GLOB_ALTERNATIVES results; braces without `,` or `..` stay literal. */
function expandBraces(glob: string): string[] {
  const done: string[] = [];
  const todo = [glob];
  while (todo.length) {
    const current = todo.pop()!;
    const group = firstBraceGroup(current);
    if (!group) {
      done.push(current);
      continue;
    }
    const head = current.slice(0, group.open);
    const tail = current.slice(group.close + 1);
    for (const alt of group.alternatives) todo.push(head + alt + tail);
    if (done.length + todo.length > MAX_GLOB_ALTERNATIVES) {
      throw new GlobError(`its braces expand to more than ${MAX_GLOB_ALTERNATIVES} alternatives; split it into simpler globs`);
    }
  }
  return done.reverse();
}

/** The first `{…}` with a top-level `,` (or a `..` range) and its alternatives. */
function firstBraceGroup(glob: string): { open: number; close: number; alternatives: string[] } | undefined {
  for (let open = 0; open < glob.length; open++) {
    if (glob[open] === '\\') {
      open++;
      continue;
    }
    if (glob[open] !== '{') continue;
    let depth = 0;
    const commas: number[] = [];
    for (let i = open; i < glob.length; i++) {
      const c = glob[i];
      if (c === '\\') i++;
      else if (c === '{') depth++;
      else if (c === ',' && depth === 1) commas.push(i);
      else if (c === '}' && --depth === 0) {
        const body = glob.slice(open + 1, i);
        if (commas.length) {
          const cuts = [open, ...commas, i];
          return { open, close: i, alternatives: cuts.slice(1).map((cut, k) => glob.slice(cuts[k] + 1, cut)) };
        }
        const range = rangeAlternatives(body);
        if (range) return { open, close: i, alternatives: range };
        break; // `{x}`: literal; look for a later group
      }
    }
  }
  return undefined;
}

function rangeAlternatives(body: string): string[] | undefined {
  const numbers = /^(-?\d+)\.\.(-?\d+)$/.exec(body);
  const letters = /^([a-zA-Z])\.\.([a-zA-Z])$/.exec(body);
  if (!numbers && !letters) return undefined;
  const from = numbers ? Number(numbers[1]) : letters![1].charCodeAt(0);
  const to = numbers ? Number(numbers[2]) : letters![2].charCodeAt(0);
  if (Math.abs(to - from) >= MAX_GLOB_ALTERNATIVES) {
    throw new GlobError(`its range {${body}} has more than ${MAX_GLOB_ALTERNATIVES} values; split it into simpler globs`);
  }
  const step = from <= to ? 1 : -1;
  const out: string[] = [];
  for (let v = from; v !== to + step; v += step) out.push(numbers ? String(v) : String.fromCharCode(v));
  return out;
}

/**
 * A list of globs as the tools use them: a path is in when some glob matches
 * it; a glob written `!x` takes matching paths out again.
 */
export class GlobList {
  private readonly include: CompiledGlob[] = [];
  private readonly exclude: CompiledGlob[] = [];

  constructor(globs: readonly string[], options: { nocase?: boolean } = {}) {
    for (const glob of globs) {
      if (glob === '') continue;
      if (glob.startsWith('!') && !glob.startsWith('!(')) this.exclude.push(compileGlob(glob.slice(1), options));
      else this.include.push(compileGlob(glob, options));
    }
  }

  get isEmpty(): boolean {
    return this.include.length === 0;
  }

  matches(path: string): boolean {
    // The path's names once per case, not once per glob.
    let exact: string[] | undefined;
    let lower: string[] | undefined;
    const names = (g: CompiledGlob) => (g.nocase ? (lower ??= path.toLowerCase().split('/')) : (exact ??= path.split('/')));
    const hit = (g: CompiledGlob) => globMatchesNames(g, names(g));
    return this.include.some(hit) && !this.exclude.some(hit);
  }

  mayMatchBelow(dir: string): boolean {
    return this.include.some((g) => globMayMatchBelow(g, dir));
  }
}
