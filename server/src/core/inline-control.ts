import type { Comment } from './parse';
import type { TextSpan } from './types';

export type DirectiveKind = 'disable-next-line' | 'disable' | 'enable';

export interface Directive {
  kind: DirectiveKind;
  /** Rule ids named, each with its span in the comment; empty means all rules. */
  rules: { id: string; span: TextSpan }[];
  span: TextSpan;
}

const DIRECTIVE = /^#\s*playbook-lint-(disable-next-line|disable|enable)(?=\s|$)/;

/** Reads `# playbook-lint-…` comments; text after ` -- ` is a reason and ignored, as in ESLint. */
export function parseDirectives(comments: Comment[]): Directive[] {
  const out: Directive[] = [];
  for (const comment of comments) {
    const m = DIRECTIVE.exec(comment.text);
    if (!m) continue;
    let body = comment.text.slice(m[0].length);
    const reason = body.indexOf(' -- ');
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

/**
 * Answers "is rule R silenced at line L?" for one file. Regions start at their
 * comment and run to a matching enable (or the end of the file).
 */
export class Suppressions {
  constructor(
    private readonly directives: Directive[],
    private readonly lineOf: (offset: number) => number,
  ) {}

  isSuppressed(ruleId: string, offset: number): boolean {
    if (this.directives.length === 0) return false;
    const line = this.lineOf(offset);
    let disabledAll = false;
    const disabled = new Set<string>();
    for (const d of this.directives) {
      const names = d.rules.map((r) => r.id);
      if (d.kind === 'disable-next-line') {
        if (this.lineOf(d.span.start) + 1 === line && (names.length === 0 || names.includes(ruleId))) return true;
        continue;
      }
      if (d.span.start > offset) break;
      if (d.kind === 'disable') {
        if (names.length === 0) disabledAll = true;
        else names.forEach((n) => disabled.add(n));
      } else if (names.length === 0) {
        disabledAll = false;
        disabled.clear();
      } else names.forEach((n) => disabled.delete(n));
    }
    return disabledAll || disabled.has(ruleId);
  }
}
