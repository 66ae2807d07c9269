/** Document outline (stages and their tactics; a vocabulary's terms) and workspace symbols. */
import type { FileAnalysis } from '../core/model/model';
import type { FileExports } from '../core/project/exports';
import type { SymbolEntry, WorkspaceSymbolEntry } from './types';

const oneLine = (s: string | undefined) => s?.replace(/\s+/g, ' ').trim() || undefined;

export function documentSymbols(file: FileAnalysis): SymbolEntry[] {
  // Block nodes end after their trailing blank lines; an outline entry ends at its last character.
  const range = (span: { start: number; end: number }) => {
    let end = span.end;
    while (end > span.start && /\s/.test(file.text[end - 1])) end--;
    return file.lines.range({ start: span.start, end });
  };
  const model = file.model;
  if (model.kind === 'playbook') {
    return model.stages.map((stage) => ({
      name: oneLine(stage.name?.value) ?? stage.id?.value ?? stage.path,
      detail: stage.id?.value,
      kind: 'stage' as const,
      range: range(stage.span),
      selectionRange: range((stage.id ?? stage.name)?.span ?? { start: stage.span.start, end: stage.span.start }),
      children: stage.tactics.map((tactic) => ({
        name: tactic.id?.value ?? oneLine(tactic.tactic?.value) ?? tactic.path,
        detail: oneLine(tactic.tactic?.value),
        kind: 'tactic' as const,
        range: range(tactic.span),
        selectionRange: range((tactic.id ?? tactic.tactic)?.span ?? { start: tactic.span.start, end: tactic.span.start }),
        children: [],
      })),
    }));
  }
  if (model.kind === 'vocabulary') {
    return model.terms
      .filter((t) => t.term?.value.trim())
      .map((t) => ({
        name: oneLine(t.term!.value)!,
        detail: t.aliases.length ? t.aliases.map((a) => a.value).join(', ') : undefined,
        kind: 'term' as const,
        range: range(t.span),
        selectionRange: range(t.term!.span),
        children: [],
      }));
  }
  return [];
}

/** Ids and terms across the workspace whose name contains the query (case-insensitive, in order). */
export function workspaceSymbols(exports: Iterable<FileExports>, query: string, limit = 500): WorkspaceSymbolEntry[] {
  const q = query.toLowerCase().replace(/\s+/g, '');
  const matches = (name: string) => {
    if (!q) return true;
    const n = name.toLowerCase();
    let i = 0;
    for (const c of n) if (c === q[i]) i++;
    return i === q.length;
  };
  const out: WorkspaceSymbolEntry[] = [];
  for (const f of exports) {
    for (const id of f.ids) {
      if (matches(id.id)) out.push({ name: id.id, kind: id.kind, containerName: oneLine(id.label), location: id.location });
    }
    for (const t of f.terms) {
      if (!t.isAlias && matches(t.name)) out.push({ name: t.name, kind: 'term', containerName: t.aliases.join(', ') || undefined, location: t.location });
    }
    if (out.length >= limit) break;
  }
  return out.slice(0, limit);
}
