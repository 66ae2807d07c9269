import type { FileAnalysis, ProseValue } from '../model/model';
import type { Report } from '../rule';
import type { TextSpan } from '../types';
import { excerpt, sourceText, spanOf, type SourceText } from './source-text';

/** One prose value of a playbook, read from its own source span. */
export interface ProseText {
  prose: ProseValue;
  source: SourceText;
}

export function readProse(file: FileAnalysis, prose: ProseValue): ProseText {
  return { prose, source: sourceText(file.text, prose.span) };
}

/** Source span of text[start, end) of a prose value; the value's own span if the mapping is empty. */
export function proseSpan(p: ProseText, start: number, end: number): TextSpan {
  if (end <= start || end > p.source.text.length) return p.prose.span;
  return spanOf(p.source, start, end);
}

/** What messages quote: the value as the reader sees it, folded and shortened. */
export function quote(p: ProseText, max = 40): string {
  return excerpt(p.prose.value, max);
}

export function proseOf(file: FileAnalysis, field: ProseValue['field']): ProseValue[] {
  return file.model.kind === 'playbook' ? file.model.prose.filter((p) => p.field === field) : [];
}

/**
 * The loop of a prose check: judge each value of one field by its source text and report what
 * the judgement found, at its own span, with the rule's message.
 */
export function reportProse<F extends { start: number; end: number }>(
  file: FileAnalysis,
  field: ProseValue['field'],
  report: (r: Report) => void,
  judge: (text: string, context: () => string) => F | undefined,
  message: (found: F, quoted: string) => string,
): void {
  for (const prose of proseOf(file, field)) {
    const p = readProse(file, prose);
    const found = judge(p.source.text, () => contextOf(file, prose.path));
    if (found) report({ span: proseSpan(p, found.start, found.end), message: message(found, quote(p)) });
  }
}

/**
 * The words around a prose value that say what it is about: its stage's name and id, and
 * for a tactic's entries the tactic. Asked for only when a finding needs an example.
 */
export function contextOf(file: FileAnalysis, path: string): string {
  if (file.model.kind !== 'playbook') return '';
  const out: string[] = [];
  for (const stage of file.model.stages) {
    if (!path.startsWith(`${stage.path}.`)) continue;
    out.push(stage.name?.value ?? '', stage.id?.value ?? '');
    for (const tactic of stage.tactics) if (path.startsWith(`${tactic.path}.`)) out.unshift(tactic.tactic?.value ?? '');
  }
  return out.join('. ').replace(/-/g, ' ');
}
