import type { Comment } from './parse';
import type { TextSpan } from './types';

export type DirectiveKind = 'disable-next-line' | 'disable' | 'enable';

export interface Directive {
  kind: DirectiveKind;
  /** Rule ids named, each with its span in the comment; empty means all rules. */
  rules: { id: string; span: TextSpan }[];
  span: TextSpan;
}

/** A `# playbook-lint-…` comment whose directive is not one we know (`disable-line`, a typo). */
export interface UnknownDirective {
  name: string;
  span: TextSpan;
}

export const DIRECTIVE_KINDS: readonly DirectiveKind[] = ['disable-next-line', 'disable', 'enable'];

const DIRECTIVE = /^#\s*playbook-lint-(disable-next-line|disable|enable)(?=\s|$)/;
const ANY_DIRECTIVE = /^#\s*(playbook-lint-[^\s,]*)/;

/** Reads `# playbook-lint-…` comments; text after ` -- ` is a reason and ignored, as in ESLint. */
export function parseDirectives(comments: Comment[]): Directive[] {
  const out: Directive[] = [];
  for (const comment of comments) {
    const m = DIRECTIVE.exec(comment.text);
    if (!m) continue;
    let body = comment.text.slice(m[0].length);
    const reason = body.search(/(^|\s)--(\s|$)/);
    if (reason !== -1) body = body.slice(0, reason);
    const bodyStart = comment.span.start + m[0].length;
    const rules: Directive['rules'] = [];
    const word = /[^\s,]+/g;
    for (let w = word.exec(body); w; w = word.exec(body)) {
      rules.push({ id: w[0], span: { start: bodyStart + w.index, end: bodyStart + w.index + w[0].length } });
    }
    out.push({ kind: m[1] as DirectiveKind, rules, span: comment.span });
  }
  return out;
}

/** Comments that start like a directive but name none we know: they would silently do nothing. */
export function unknownDirectives(comments: Comment[]): UnknownDirective[] {
  const out: UnknownDirective[] = [];
  for (const comment of comments) {
    if (DIRECTIVE.test(comment.text)) continue;
    const m = ANY_DIRECTIVE.exec(comment.text);
    if (!m) continue;
    const start = comment.span.start + m[0].length - m[1].length;
    out.push({ name: m[1], span: { start, end: start + m[1].length } });
  }
  return out;
}

/**
 * Answers "is rule R silenced at line L?" for one file. `disable-next-line`
 * covers the line after its comment; a `disable` region starts at its comment
 * and runs to a matching `enable` (or the end of the file). A bare `disable`
 * silences every rule; `enable R` inside it turns R back on, as in ESLint.
 */
export class Suppressions {
  constructor(
    private readonly directives: Directive[],
    private readonly lineOf: (offset: number) => number,
  ) {}

  isSuppressed(ruleId: string, offset: number): boolean {
    if (this.directives.length === 0) return false;
    const line = this.lineOf(offset);
    let all = false;
    const disabled = new Set<string>();
    const reEnabled = new Set<string>();
    for (const d of this.directives) {
      const names = d.rules.map((r) => r.id);
      if (d.kind === 'disable-next-line') {
        if (this.lineOf(d.span.start) + 1 === line && (names.length === 0 || names.includes(ruleId))) return true;
        continue;
      }
      if (d.span.start > offset) continue;
      if (d.kind === 'disable') {
        if (names.length === 0) {
          all = true;
          disabled.clear();
          reEnabled.clear();
        } else for (const n of names) (all ? reEnabled.delete(n) : disabled.add(n));
      } else if (names.length === 0) {
        all = false;
        disabled.clear();
        reEnabled.clear();
      } else for (const n of names) (all ? reEnabled.add(n) : disabled.delete(n));
    }
    return (all && !reEnabled.has(ruleId)) || disabled.has(ruleId);
  }
}
