/**
 * Hover: a term's definition on `[[term]]` (and on its entry or a see-also to
 * it), a stage or tactic on a see-also id (and on the id itself), a field's
 * meaning on a key, and a coaching rule's explanation on the text it flags.
 */
import type { FileAnalysis } from '../core/model/model';
import type { TermEntry } from '../core/project/exports';
import { ruleDocsLink } from '../core/rule';
import { ruleById } from '../core/rules';
import { suggest } from '../core/suggest';
import type { Position, Range, TextSpan } from '../core/types';
import type { ServiceContext } from './context';
import { findId, targetAt } from './facts';
import { mdCode, mdPlace, mdText } from './markdown';
import { fieldDescription } from './schema-docs';
import type { HoverResult } from './types';
import { keyAt } from './yaml-path';
import { pushAll } from '../core/arrays';

export function hover(ctx: ServiceContext, file: FileAnalysis, position: Position): HoverResult | undefined {
  const offset = file.lines.offset(position);
  const sections: string[] = [];
  let span: TextSpan | undefined;
  const target = targetAt(file, offset);
  if (target) {
    span = target.span;
    switch (target.kind) {
      case 'termRef':
        sections.push(termHover(ctx, target.ref.key, target.ref.name));
        break;
      case 'termName':
      case 'seeAlsoTerm':
        sections.push(termHover(ctx, target.key, target.name));
        break;
      case 'seeAlsoId':
        sections.push(idHover(ctx, target.id));
        break;
      case 'id':
        sections.push(idHover(ctx, target.id));
        break;
    }
  } else {
    const key = keyAt(file, offset);
    const description = key && fieldDescription(file.kind, key.path);
    if (key && description) {
      span = key.span;
      sections.push(`**${mdText(String(key.path[key.path.length - 1]))}**\n\n${description}`);
    }
  }
  const coaching = coachingHover(ctx, file, position);
  if (coaching) {
    sections.push(coaching.markdown);
    span ??= coaching.span;
  }
  if (!sections.length) return undefined;
  return { markdown: sections.join('\n\n---\n\n'), range: span ? file.lines.range(span) : undefined };
}

function termNames(ctx: ServiceContext): string[] {
  return [...ctx.index.terms().values()].map((list) => list[0].name);
}

export function termHover(ctx: ServiceContext, key: string, written: string): string {
  const entry = ctx.index.lookupTerm(key);
  if (!entry) {
    const near = suggest(written, termNames(ctx));
    return `**[[${mdText(written)}]]** is not defined in any vocabulary in scope.${near.length ? ` Did you mean ${near.map((n) => `**${mdText(n)}**`).join(' or ')}?` : ''}`;
  }
  return describeTerm(ctx, entry);
}

/** Term descriptions by term table (a new table whenever a vocabulary changes) and entry. */
const descriptions = new WeakMap<object, WeakMap<TermEntry, string>>();

export function describeTerm(ctx: ServiceContext, entry: TermEntry): string {
  const table = ctx.index.terms();
  let cache = descriptions.get(table);
  if (!cache) descriptions.set(table, (cache = new WeakMap()));
  let text = cache.get(entry);
  if (text === undefined) cache.set(entry, (text = buildDescription(ctx, entry)));
  return text;
}

function buildDescription(ctx: ServiceContext, entry: TermEntry): string {
  const main = ctx.index.lookupTerm(entry.termKey) ?? entry;
  const out: string[] = [`**${mdText(main.term)}**`];
  if (main.definition?.trim()) out.push(mdText(main.definition));
  else out.push('*No definition yet.*');
  pushAll(out, aliasLine(main, entry));
  if (main.example?.trim()) out.push(`*Example:* ${mdText(main.example)}`);
  if (main.seeAlso.length) out.push(`*See also:* ${main.seeAlso.map(mdText).join(', ')}`);
  out.push(`*Defined in* ${mdPlace(main.location, ctx.uriOf)}`);
  const dups = (ctx.index.terms().get(entry.key) ?? []).slice(1);
  if (dups.length) out.push(duplicateNote(entry, dups, ctx.uriOf));
  return out.join('\n\n');
}

/** On the term: its aliases. On an alias: the term it belongs to and the term's other aliases (not the one hovered). */
function aliasLine(main: TermEntry, entry: TermEntry): string[] {
  if (!entry.isAlias) return main.aliases.length ? [`*Aliases:* ${main.aliases.map(mdText).join(', ')}`] : [];
  const others = main.aliases.filter((a) => a.trim().toLowerCase() !== entry.name.trim().toLowerCase());
  return [`*“${mdText(entry.name)}” is an alias of* **${mdText(main.term)}**${others.length ? `; *other aliases:* ${others.map(mdText).join(', ')}` : ''}`];
}

/** What else defines the hovered name: each duplicate as what it is there (a term, or an alias of which term) and where. */
function duplicateNote(entry: TermEntry, dups: readonly TermEntry[], uriOf: (path: string) => string): string {
  const what = (d: TermEntry) => (d.isAlias ? `as an alias of **${mdText(d.term)}**` : 'as a term');
  return `*Duplicate:* “${mdText(entry.name)}” is also defined ${dups.map((d) => `${what(d)} at ${mdPlace(d.location, uriOf)}`).join(', and ')}; references use the definition above.`;
}

export function idHover(ctx: ServiceContext, id: string): string {
  const entry = ctx.index.lookupId(id);
  if (!entry) {
    const near = suggest(id, ctx.index.ids().keys());
    return `No tactic or stage has the id ${mdCode(id)}.${near.length ? ` Did you mean ${near.map(mdCode).join(' or ')}?` : ''}`;
  }
  const out: string[] = [];
  const analysis = ctx.analysis(entry.location.path);
  const found = analysis && findId(analysis, id);
  if (found?.tactic) {
    const t = found.tactic;
    const stage = found.stage.name?.value ?? found.stage.id?.value;
    out.push(`**Tactic** ${mdCode(id)}${stage ? ` in stage *${mdText(stage)}*` : ''}`);
    out.push(t.tactic?.value.trim() ? mdText(t.tactic.value) : '*No tactic text.*');
    out.push(`**Why:** ${t.why?.value?.value.trim() ? mdText(t.why.value.value) : '*missing*'}`);
    const dev = (t.deviateWhen?.value ?? []).filter((d) => d.value.trim());
    out.push(dev.length ? `**Deviate when:**\n${dev.map((d) => `- ${mdText(d.value)}`).join('\n')}` : '**Deviate when:** *missing*');
  } else if (found) {
    const s = found.stage;
    out.push(`**Stage** ${mdCode(id)}${s.name?.value ? `: ${mdText(s.name.value)}` : ''}`);
    if (s.goal?.value.trim()) out.push(`**Goal:** ${mdText(s.goal.value)}`);
    const tactics = s.tactics.map((t) => t.id?.value).filter((v): v is string => !!v);
    if (tactics.length) out.push(`**Tactics:** ${tactics.map(mdCode).join(', ')}`);
  } else {
    out.push(`**${entry.kind === 'stage' ? 'Stage' : 'Tactic'}** ${mdCode(id)}${entry.label ? `: ${mdText(entry.label)}` : ''}`);
  }
  out.push(`*Defined in* ${mdPlace(entry.location, ctx.uriOf)}`);
  return out.join('\n\n');
}

/** The principle behind a coaching check, with its bad/good pair, on the text it flags. */
function coachingHover(ctx: ServiceContext, file: FileAnalysis, position: Position): { markdown: string; span: TextSpan } | undefined {
  const parts: string[] = [];
  let span: TextSpan | undefined;
  const seen = new Set<string>();
  for (const d of ctx.diagnostics(file.path)) {
    if (!contains(d.range, position) || seen.has(d.ruleId)) continue;
    const rule = ruleById(d.ruleId);
    if (!rule?.explanation) continue;
    seen.add(d.ruleId);
    span ??= { start: file.lines.offset(d.range.start), end: file.lines.offset(d.range.end) };
    const { principle, bad, good } = rule.explanation;
    parts.push(
      `**${d.ruleId}**: ${mdText(principle)}\n\n*Instead of:* ${mdCode(bad)}\n\n*Write:* ${mdCode(good)}\n\n[Rule documentation](${ruleDocsLink(d.ruleId)})`,
    );
  }
  return span ? { markdown: parts.join('\n\n'), span } : undefined;
}

function contains(range: Range, p: Position): boolean {
  const afterStart = p.line > range.start.line || (p.line === range.start.line && p.character >= range.start.character);
  const beforeEnd = p.line < range.end.line || (p.line === range.end.line && p.character <= range.end.character);
  return afterStart && beforeEnd;
}
