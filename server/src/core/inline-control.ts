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
  /** `index:ruleId` of each directive that silenced a problem of that rule (`index:*` for a comment naming no rule). */
  private readonly used = new Set<string>();

  constructor(
    private readonly directives: Directive[],
    private readonly lineOf: (offset: number) => number,
  ) {}

  isSuppressed(ruleId: string, offset: number): boolean {
    if (this.directives.length === 0) return false;
    const line = this.lineOf(offset);
    let all: number | undefined; // the bare `disable` in force
    const disabled = new Map<string, number>(); // rule → the `disable R` in force
    const reEnabled = new Set<string>();
    for (let i = 0; i < this.directives.length; i++) {
      const d = this.directives[i];
      const names = d.rules.map((r) => r.id);
      if (d.kind === 'disable-next-line') {
        if (this.lineOf(d.span.start) + 1 === line && (names.length === 0 || names.includes(ruleId))) return this.use(i, names.length ? ruleId : '*');
        continue;
      }
      if (d.span.start > offset) continue;
      if (d.kind === 'disable') {
        if (names.length === 0) {
          all = i;
          disabled.clear();
          reEnabled.clear();
        } else for (const n of names) all !== undefined ? reEnabled.delete(n) : disabled.set(n, i);
      } else if (names.length === 0) {
        all = undefined;
        disabled.clear();
        reEnabled.clear();
      } else for (const n of names) all !== undefined ? reEnabled.add(n) : disabled.delete(n);
    }
    if (all !== undefined && !reEnabled.has(ruleId)) return this.use(all, '*');
    const by = disabled.get(ruleId);
    return by !== undefined ? this.use(by, ruleId) : false;
  }

  private use(index: number, ruleId: string): true {
    this.used.add(`${index}:${ruleId}`);
    return true;
  }

  /**
   * The rule names in `disable` / `disable-next-line` comments that silenced
   * nothing, among the rules that ran (`judged`): each can be removed. A
   * comment naming no rule is judged only when `judgeBare` says every rule that
   * could have been silenced has run (a lint may run in phases, each with some
   * of the rules); `usedBefore` holds the bare comments an earlier phase used.
   */
  unused(
    judged: ReadonlySet<string>,
    judgeBare = false,
    usedBefore: ReadonlySet<number> = new Set(),
  ): { directive: Directive; rule?: Directive['rules'][number] }[] {
    const out: { directive: Directive; rule?: Directive['rules'][number] }[] = [];
    this.directives.forEach((directive, i) => {
      if (directive.kind === 'enable') return;
      if (!directive.rules.length) {
        if (judgeBare && !this.used.has(`${i}:*`) && !usedBefore.has(i)) out.push({ directive });
        return;
      }
      for (const rule of directive.rules) if (judged.has(rule.id) && !this.used.has(`${i}:${rule.id}`)) out.push({ directive, rule });
    });
    return out;
  }

  /** Indexes of the comments naming no rule that silenced something in this run (carried to a later phase). */
  usedBare(): number[] {
    const out: number[] = [];
    for (const key of this.used) if (key.endsWith(':*')) out.push(Number(key.slice(0, -2)));
    return out;
  }
}
