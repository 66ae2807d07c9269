import type { FileAnalysis, TacticModel } from './model';
import type { TextSpan } from '../types';

/** Where tactic rules point: the id value, else the tactic's first line. */
export function tacticSpan(file: FileAnalysis, tactic: TacticModel): TextSpan {
  if (tactic.id) return tactic.id.span;
  const start = tactic.span.start;
  const nl = file.text.indexOf('\n', start);
  let end = nl === -1 ? file.text.length : nl;
  if (file.text[end - 1] === '\r') end--;
  return { start, end: Math.min(end, tactic.span.end) };
}

export function tacticName(tactic: TacticModel): string {
  return tactic.id ? `Tactic "${tactic.id.value}"` : `The tactic at ${tactic.path}`;
}
