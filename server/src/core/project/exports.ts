import type { FileAnalysis } from '../model/model';
import { termKey } from '../model/terms';
import type { FileKind, Location, Position } from '../types';

/** A name a vocabulary defines: the term itself or one of its aliases. */
export interface TermEntry {
  name: string;
  key: string;
  /** The term this name belongs to (itself when not an alias). */
  term: string;
  termKey: string;
  isAlias: boolean;
  location: Location;
  /** Where the whole term entry is, for "where it is defined". */
  entryLocation: Location;
  definition?: string;
  example?: string;
  aliases: string[];
  seeAlso: string[];
}

export interface IdEntry {
  id: string;
  kind: 'stage' | 'tactic';
  location: Location;
  /** The tactic text or stage name, for hover and completion. */
  label?: string;
}

export interface TermUse {
  key: string;
  name: string;
  location: Location;
}

/**
 * The lean, cross-file face of one file: what it defines and what it uses,
 * with locations. The project index is built from these alone, so a closed
 * file costs this much memory, not a parsed document.
 */
export interface FileExports {
  path: string;
  kind: FileKind;
  terms: TermEntry[];
  ids: IdEntry[];
  termUses: TermUse[];
  seeAlso: string[];
  /** Where "add term to vocabulary" writes, if the file has a block `terms:` list. */
  insertion?: { position: Position; indent: string; needsLeadingNewline: boolean };
}

/**
 * A file's exports with each term's first use only: all the project reads of a playbook's uses (unused-term asks
 * only whether a term is used; hover and references in the editor want every use, and keep them). The other uses
 * (most are repeats) are never made, rather than made with a location each and dropped.
 */
export function exportsOfFirstUses(file: FileAnalysis): FileExports {
  return exportsOf({ ...file, termRefs: firstOfEachKey(file.termRefs) });
}

/** The first of each key's items, in order (term uses or references: most repeat a term used before). */
function firstOfEachKey<T extends { key: string }>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(item.key) && (seen.add(item.key), true));
}

export function exportsOf(file: FileAnalysis): FileExports {
  const loc = (span: { start: number; end: number }): Location => ({ path: file.path, range: file.lines.range(span) });
  const out: FileExports = {
    path: file.path,
    kind: file.kind,
    terms: [],
    ids: [],
    termUses: file.termRefs.map((r) => ({ key: r.key, name: r.name, location: loc(r.span) })),
    seeAlso: [],
  };
  const model = file.model;
  if (model.kind === 'playbook') {
    for (const stage of model.stages) {
      if (stage.id) out.ids.push({ id: stage.id.value, kind: 'stage', location: loc(stage.id.span), label: stage.name?.value });
      for (const s of stage.seeAlso) out.seeAlso.push(s.value);
      for (const tactic of stage.tactics) {
        if (tactic.id) out.ids.push({ id: tactic.id.value, kind: 'tactic', location: loc(tactic.id.span), label: tactic.tactic?.value });
        for (const s of tactic.seeAlso) out.seeAlso.push(s.value);
      }
    }
  } else if (model.kind === 'vocabulary') {
    for (const term of model.terms) {
      if (!term.term || !term.term.value.trim()) continue;
      const termName = term.term.value.trim();
      const key = termKey(term.term.value);
      const entryLocation = loc(term.span);
      const aliases = term.aliases.map((a) => a.value);
      const seeAlso = term.seeAlso.map((s) => s.value);
      // Object literals, not spreads of a shared base: a vocabulary can hold tens of thousands of entries.
      const entry = (name: string, nameKey: string, isAlias: boolean, location: Location): TermEntry => ({
        name,
        key: nameKey,
        term: termName,
        termKey: key,
        isAlias,
        location,
        entryLocation,
        definition: term.definition?.value,
        example: term.example?.value,
        aliases,
        seeAlso,
      });
      out.terms.push(entry(termName, key, false, loc(term.term.span)));
      for (const alias of term.aliases) {
        if (alias.value.trim()) out.terms.push(entry(alias.value.trim(), termKey(alias.value), true, loc(alias.span)));
      }
      for (const s of term.seeAlso) out.seeAlso.push(s.value);
    }
    if (model.insertion) {
      const { offset, indent, needsLeadingNewline } = model.insertion;
      out.insertion = { position: file.lines.position(offset), indent, needsLeadingNewline };
    }
  }
  return out;
}
