import type { FileAnalysis, StageModel, TacticModel } from '../model/model';
import type { Diagnostic, TextSpan } from '../types';
import { type RenderContext, sourceAttrs } from './context';
import { attrs, esc, type Html } from './html';

/**
 * A file's problems, each placed once: on the innermost tactic or stage
 * whose lines hold its start, else on the page itself.
 */
export class PlacedProblems {
  private readonly byOwner = new Map<object, Diagnostic[]>();
  private readonly rest: Diagnostic[] = [];

  constructor(file: FileAnalysis, diagnostics: readonly Diagnostic[]) {
    if (diagnostics.length === 0) return;
    const owners: { first: number; last: number; owner: object }[] = [];
    const lines = (span: TextSpan) => ({ first: file.lines.position(span.start).line, last: file.lines.position(span.end).line });
    if (file.model.kind === 'playbook') {
      for (const stage of file.model.stages) for (const tactic of stage.tactics) owners.push({ ...lines(tactic.span), owner: tactic });
      for (const stage of file.model.stages) owners.push({ ...lines(stage.span), owner: stage });
    } else if (file.model.kind === 'vocabulary') {
      for (const term of file.model.terms) owners.push({ ...lines(term.span), owner: term });
    }
    for (const d of diagnostics) {
      const line = d.range.start.line;
      const place = owners.find((o) => o.first <= line && line <= o.last);
      if (!place) this.rest.push(d);
      else {
        const list = this.byOwner.get(place.owner);
        if (list) list.push(d);
        else this.byOwner.set(place.owner, [d]);
      }
    }
  }

  of(owner: StageModel | TacticModel | object): readonly Diagnostic[] {
    return this.byOwner.get(owner) ?? [];
  }

  unplaced(): readonly Diagnostic[] {
    return this.rest;
  }
}

/** A list of problems as the lint reports them (severity, message, rule, line), or nothing. */
export function problemsHtml(ctx: RenderContext, diagnostics: readonly Diagnostic[]): Html {
  if (diagnostics.length === 0) return '';
  const items = diagnostics.map(
    (d) =>
      `<li${attrs({ class: `problem ${d.severity}`, ...sourceAttrs(ctx, d) })}><span class="severity">${d.severity}</span> ${esc(d.message)} ` +
      `<span class="rule">${esc(d.ruleId)}, line ${d.range.start.line + 1}</span></li>`,
  );
  return `<ul class="problems">${items.join('')}</ul>`;
}
