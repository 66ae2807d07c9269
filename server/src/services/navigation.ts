/**
 * Go to definition and find references, for terms (and their aliases) and for
 * stage / tactic ids, across every file of the project.
 */
import type { FileAnalysis } from '../core/model/model';
import type { TermEntry } from '../core/project/exports';
import type { Location, Position } from '../core/types';
import type { ServiceContext } from './context';
import { targetAt } from './facts';

/** What a cursor names, resolved: a defined name of a term, or an id. */
export type Symbolic = { kind: 'term'; key: string; written: string; entry?: TermEntry } | { kind: 'id'; id: string };

export function symbolAt(ctx: ServiceContext, file: FileAnalysis, position: Position): Symbolic | undefined {
  const target = targetAt(file, file.lines.offset(position));
  if (!target) return undefined;
  switch (target.kind) {
    case 'termRef':
      return { kind: 'term', key: target.ref.key, written: target.ref.name, entry: ctx.index.lookupTerm(target.ref.key) };
    case 'termName':
    case 'seeAlsoTerm':
      return { kind: 'term', key: target.key, written: target.name, entry: ctx.index.lookupTerm(target.key) };
    case 'id':
      return { kind: 'id', id: target.id };
    case 'seeAlsoId':
      return { kind: 'id', id: target.id };
  }
}

export function definition(ctx: ServiceContext, file: FileAnalysis, position: Position): Location[] {
  const symbol = symbolAt(ctx, file, position);
  if (!symbol) return [];
  if (symbol.kind === 'term') {
    if (!symbol.entry) return [];
    const main = ctx.index.lookupTerm(symbol.entry.termKey) ?? symbol.entry;
    return [main.location];
  }
  const entry = ctx.index.lookupId(symbol.id);
  return entry ? [entry.location] : [];
}

export function references(ctx: ServiceContext, file: FileAnalysis, position: Position, includeDeclaration: boolean): Location[] {
  const symbol = symbolAt(ctx, file, position);
  if (!symbol) return [];
  const out: Location[] = [];
  if (symbol.kind === 'term') {
    const canonical = symbol.entry?.termKey ?? symbol.key;
    if (includeDeclaration) {
      for (const list of ctx.index.terms().values()) for (const e of list) if (e.termKey === canonical) out.push(e.location);
    }
    for (const u of ctx.index.usesByTerm().get(canonical) ?? []) out.push(u.location);
    for (const [, facts] of ctx.facts()) {
      for (const s of facts.seeAlso) {
        if (s.target !== 'term') continue;
        const resolved = ctx.index.lookupTerm(s.key)?.termKey ?? s.key;
        if (resolved === canonical) out.push(s.location);
      }
    }
  } else {
    if (includeDeclaration) for (const e of ctx.index.ids().get(symbol.id) ?? []) out.push(e.location);
    for (const [, facts] of ctx.facts()) for (const s of facts.seeAlso) if (s.target === 'id' && s.key === symbol.id) out.push(s.location);
  }
  return dedupe(out).sort(byPlace);
}

function dedupe(locations: Location[]): Location[] {
  const seen = new Set<string>();
  return locations.filter((l) => {
    const k = `${l.path}:${l.range.start.line}:${l.range.start.character}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function byPlace(a: Location, b: Location): number {
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}
