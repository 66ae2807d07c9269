/**
 * What a cursor can point at in an analysed file, and the located see-also
 * entries of a file (the one cross-file fact the core's FileExports keeps
 * without locations). Everything comes from model spans, never from searching text.
 */
import type { FileAnalysis, ScalarValue, StageModel, TacticModel, TermModel, TermRef } from '../core/model/model';
import { termKey } from '../core/model/terms';
import type { Location, TextSpan } from '../core/types';

/** A see-also entry with its place: an id (playbooks) or a term name (vocabularies). */
export interface SeeAlsoRef {
  name: string;
  /** The id itself, or the term key. */
  key: string;
  target: 'id' | 'term';
  location: Location;
}

/** The lean per-file facts the workspace keeps beside the core's exports. */
export interface FileFacts {
  seeAlso: SeeAlsoRef[];
  /** Cheap fingerprint of the text the facts and exports came from. */
  hash: number;
  length: number;
}

export function textHash(text: string): number {
  // FNV-1a over UTF-16 code units: enough to notice "the file on disk is not what we indexed".
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** @param hash fingerprint the text (closed files); an open document's text is the editor's, never compared with the disk. */
export function factsOf(file: FileAnalysis, hash = true): FileFacts {
  const seeAlso: SeeAlsoRef[] = [];
  const loc = (s: ScalarValue): Location => ({ path: file.path, range: file.lines.range(innerSpan(file.text, s.span)) });
  const model = file.model;
  if (model.kind === 'playbook') {
    for (const stage of model.stages) {
      for (const s of stage.seeAlso) seeAlso.push({ name: s.value, key: s.value, target: 'id', location: loc(s) });
      for (const tactic of stage.tactics) for (const s of tactic.seeAlso) seeAlso.push({ name: s.value, key: s.value, target: 'id', location: loc(s) });
    }
  } else if (model.kind === 'vocabulary') {
    for (const term of model.terms) for (const s of term.seeAlso) seeAlso.push({ name: s.value, key: termKey(s.value), target: 'term', location: loc(s) });
  }
  return { seeAlso, hash: hash ? textHash(file.text) : 0, length: file.text.length };
}

/** A quoted scalar's span without its quotes: what a reader calls the value. */
export function innerSpan(text: string, span: TextSpan): TextSpan {
  const first = text[span.start];
  if ((first === '"' || first === "'") && span.end - span.start >= 2 && text[span.end - 1] === first) {
    return { start: span.start + 1, end: span.end - 1 };
  }
  return span;
}

export type Target =
  | { kind: 'termRef'; ref: TermRef; span: TextSpan }
  | { kind: 'termName'; name: string; key: string; isAlias: boolean; term: TermModel; span: TextSpan }
  | { kind: 'id'; id: string; what: 'stage' | 'tactic'; stage: StageModel; tactic?: TacticModel; span: TextSpan }
  | { kind: 'seeAlsoId'; id: string; span: TextSpan }
  | { kind: 'seeAlsoTerm'; name: string; key: string; span: TextSpan };

const within = (span: TextSpan, offset: number) => offset >= span.start && offset <= span.end;

/** The name, id or reference under the cursor (the end of a token counts as on it). */
export function targetAt(file: FileAnalysis, offset: number): Target | undefined {
  for (const ref of file.termRefs) if (within(ref.span, offset)) return { kind: 'termRef', ref, span: ref.span };
  const model = file.model;
  if (model.kind === 'playbook') {
    for (const stage of model.stages) {
      if (!within(stage.span, offset)) continue;
      if (stage.id && within(stage.id.span, offset)) return { kind: 'id', id: stage.id.value, what: 'stage', stage, span: innerSpan(file.text, stage.id.span) };
      for (const s of stage.seeAlso) if (within(s.span, offset)) return { kind: 'seeAlsoId', id: s.value, span: innerSpan(file.text, s.span) };
      for (const tactic of stage.tactics) {
        if (!within(tactic.span, offset)) continue;
        if (tactic.id && within(tactic.id.span, offset)) {
          return { kind: 'id', id: tactic.id.value, what: 'tactic', stage, tactic, span: innerSpan(file.text, tactic.id.span) };
        }
        for (const s of tactic.seeAlso) if (within(s.span, offset)) return { kind: 'seeAlsoId', id: s.value, span: innerSpan(file.text, s.span) };
      }
    }
  } else if (model.kind === 'vocabulary') {
    for (const term of model.terms) {
      if (!within(term.span, offset)) continue;
      if (term.term && within(term.term.span, offset)) {
        return {
          kind: 'termName',
          name: term.term.value.trim(),
          key: termKey(term.term.value),
          isAlias: false,
          term,
          span: innerSpan(file.text, term.term.span),
        };
      }
      for (const alias of term.aliases) {
        if (within(alias.span, offset))
          return { kind: 'termName', name: alias.value.trim(), key: termKey(alias.value), isAlias: true, term, span: innerSpan(file.text, alias.span) };
      }
      for (const s of term.seeAlso)
        if (within(s.span, offset)) return { kind: 'seeAlsoTerm', name: s.value, key: termKey(s.value), span: innerSpan(file.text, s.span) };
    }
  }
  return undefined;
}

/** The stage or tactic with this id in an analysed playbook. */
export function findId(file: FileAnalysis, id: string): { stage: StageModel; tactic?: TacticModel } | undefined {
  if (file.model.kind !== 'playbook') return undefined;
  for (const stage of file.model.stages) {
    if (stage.id?.value === id) return { stage };
    for (const tactic of stage.tactics) if (tactic.id?.value === id) return { stage, tactic };
  }
  return undefined;
}

export function baseName(path: string): string {
  return path.slice(path.replace(/\\/g, '/').lastIndexOf('/') + 1);
}
