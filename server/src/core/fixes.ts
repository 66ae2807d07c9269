import type { FileAnalysis, TacticModel, TermRef } from './model/model';
import { DEVIATION_STUB, WHY_STUB } from './model/placeholder';
import { displayName } from './model/terms';
import type { FileExports } from './project/exports';
import type { Fix, TextEdit, TextSpan } from './types';
import { maxOf } from './arrays';

/** Fix builders: each edit touches only its own span, so comments and formatting elsewhere stay byte-for-byte. */

export function replaceSpan(file: FileAnalysis, span: TextSpan, newText: string): TextEdit {
  return { path: file.path, range: file.lines.range(span), newText };
}

const eolOfFile = new WeakMap<FileAnalysis, string>();
let lastText: string | undefined;
let lastEol = '\n';

/**
 * The line break style the file already uses. Looked up once per file (every
 * fix of a file asks, and a file without CRLF is scanned to its end): by the
 * analysis, or for a bare text by the last text asked about.
 */
export function eol(file: FileAnalysis | string): string {
  if (typeof file !== 'string') {
    let lb = eolOfFile.get(file);
    if (lb === undefined) eolOfFile.set(file, (lb = eol(file.text)));
    return lb;
  }
  if (file !== lastText) {
    lastEol = file.includes('\r\n') ? '\r\n' : '\n';
    lastText = file;
  }
  return lastEol;
}

/** Offset of the start of the line after the one holding `offset` (or the end of the text). */
function nextLineStart(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}

/** Inserts whole lines after the line holding `offset`, at the given indentation. */
export function insertLinesAfter(file: FileAnalysis, offset: number, lines: string[]): TextEdit {
  const at = nextLineStart(file.text, offset);
  const lb = eol(file);
  const lead = at === file.text.length && !file.text.endsWith('\n') ? lb : '';
  return replaceSpan(file, { start: at, end: at }, lead + lines.map((l) => l + lb).join(''));
}

/** The column where a block mapping's keys start, or undefined for flow mappings (no safe stub there). */
export function blockKeyIndent(file: FileAnalysis, mapStart: number): string | undefined {
  if (file.text[mapStart] === '{') return undefined;
  return ' '.repeat(file.lines.position(mapStart).character);
}

/** The last character of a tactic key's value that a stub should follow. */
function anchorEnd(tactic: TacticModel, after: 'why' | 'deviate-when'): number {
  const candidates = [tactic.id?.span.end, tactic.tactic?.span.end];
  if (after === 'deviate-when') candidates.push(tactic.why?.value?.span.end ?? tactic.why?.keySpan.end);
  const ends = candidates.filter((e): e is number => e !== undefined);
  return ends.length ? maxOf(ends) - 1 : tactic.span.start;
}

export function insertWhyStub(file: FileAnalysis, tactic: TacticModel): Fix | undefined {
  const indent = blockKeyIndent(file, tactic.span.start);
  if (indent === undefined) return undefined;
  if (tactic.why) return fillEmptyWhy(file, tactic.why.keySpan, tactic.why.value?.span);
  return {
    title: 'Insert a why: stub',
    edits: [insertLinesAfter(file, anchorEnd(tactic, 'why'), [`${indent}why: ${JSON.stringify(WHY_STUB)}`])],
  };
}

/**
 * `why:` written with nothing usable (empty, `~`, `null`, `""`, a bare `>` or
 * `|` header, an anchor): replace the value on the key's line, keep a trailing
 * comment, and never touch the line break.
 */
function fillEmptyWhy(file: FileAnalysis, keySpan: TextSpan, valueSpan: TextSpan | undefined): Fix {
  const text = file.text;
  const keyEnd = keySpan.end;
  let eolAt = text.indexOf('\n', keyEnd);
  if (eolAt === -1) eolAt = text.length;
  if (text[eolAt - 1] === '\r') eolAt--;
  let end: number;
  if (valueSpan && valueSpan.start > eolAt)
    end = valueSpan.end; // the blank value sits on a later line
  else {
    const comment = text.slice(keyEnd, eolAt).search(/\s#/);
    end = comment === -1 ? eolAt : keyEnd + comment;
  }
  return { title: 'Fill in the empty why', edits: [replaceSpan(file, { start: keyEnd, end }, `: ${JSON.stringify(WHY_STUB)}`)] };
}

export function insertDeviationStub(file: FileAnalysis, tactic: TacticModel): Fix | undefined {
  const indent = blockKeyIndent(file, tactic.span.start);
  if (indent === undefined || tactic.deviateWhen) return undefined;
  return {
    title: 'Insert a deviate-when: stub',
    edits: [insertLinesAfter(file, anchorEnd(tactic, 'deviate-when'), [`${indent}deviate-when:`, `${indent}  - ${JSON.stringify(DEVIATION_STUB)}`])],
  };
}

/** Plain words YAML reads as something other than text (1.2 core schema, and 1.1 for `%YAML 1.1` files). */
const NOT_TEXT = /^(?:true|false|null|yes|no|on|off|y|n|~)$/i;

/** YAML-safe text for a scalar: plain when plain reads back the same (in block and flow context), else double-quoted. */
export function yamlScalar(s: string): string {
  return /^[A-Za-z][\w .'/-]*$/.test(s) && !/:\s|\s#|\s$/.test(s) && !NOT_TEXT.test(s) ? s : JSON.stringify(s);
}

/**
 * `[[name]]` as source text for a reference inside a scalar of the given style
 * (the style of the reference it replaces), so that it reads back as `name`:
 * white space (line breaks of a multi-line term) folded to single spaces, `'`
 * doubled in single quotes, `"` and `\` escaped in double quotes. Undefined when
 * no text can: the name holds `[` or `]` (the reference would end early), or,
 * in a plain scalar, `: ` or ` #` (YAML would read a key or a comment).
 */
export function termLinkText(name: string, style: TermRef['style']): string | undefined {
  const folded = displayName(name);
  if (!folded || /[[\]]/.test(folded)) return undefined;
  switch (style) {
    case 'single':
      return `[[${folded.replace(/'/g, "''")}]]`;
    case 'double':
      return `[[${JSON.stringify(folded).slice(1, -1)}]]`;
    case 'block':
      return `[[${folded}]]`;
    default:
      return /:\s|\s#/.test(folded) ? undefined : `[[${folded}]]`;
  }
}

/** "Add this term to a vocabulary": a valid entry with a definition placeholder, asking nothing. */
export function addTermFix(vocabulary: FileExports, name: string, eolText: string): Fix | undefined {
  const at = vocabulary.insertion;
  if (!at) return undefined;
  const lines = [`${at.indent}- term: ${yamlScalar(name)}`, `${at.indent}  definition: ${JSON.stringify(`TODO: define ${name}`)}`];
  const lead = at.needsLeadingNewline ? eolText : '';
  const base = vocabulary.path.slice(vocabulary.path.replace(/\\/g, '/').lastIndexOf('/') + 1);
  return {
    title: `Add "${name}" to ${base}`,
    edits: [{ path: vocabulary.path, range: { start: at.position, end: at.position }, newText: lead + lines.map((l) => l + eolText).join('') }],
  };
}

/**
 * "Add this term" fixes, to where the writer most likely keeps such a term: the
 * vocabulary holding `nearTerm` (the suggested spelling) when there is one, else the
 * only vocabulary in scope; with several, one fix per vocabulary, marked as a choice
 * (the editor asks which), never one picked silently.
 */
export function addTermFixes(vocabularies: readonly FileExports[], name: string, nearTermPath: string | undefined, eolText: string): Fix[] {
  const open = vocabularies.filter((v) => v.insertion);
  const near = nearTermPath === undefined ? undefined : open.find((v) => v.path === nearTermPath);
  const targets = near ? [near] : open;
  const fixes: Fix[] = [];
  for (const v of targets) {
    const fix = addTermFix(v, name, eolText);
    if (fix) fixes.push(fix);
  }
  if (fixes.length > 1) for (const f of fixes) f.choice = `Add "${name}" to a vocabulary`;
  return fixes;
}

/** `# playbook-lint-disable-next-line RULE` above the line, at that line's indentation. */
export function disableLineFix(file: FileAnalysis, line: number, ruleId: string): Fix {
  const start = file.lines.lineStart(line);
  const indent = /^[ \t]*/.exec(file.text.slice(start, start + 200))?.[0] ?? '';
  const lb = eol(file);
  return {
    title: `Disable ${ruleId} for this line`,
    edits: [replaceSpan(file, { start, end: start }, `${indent}# playbook-lint-disable-next-line ${ruleId}${lb}`)],
  };
}
