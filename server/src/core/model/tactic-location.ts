import type { FileAnalysis, TacticModel } from './model';
import type { TextSpan } from '../types';

/** Where tactic rules point: the id value, else the tactic's first line (its first "key: value", no trailing comment). */
export function tacticSpan(_file: FileAnalysis, tactic: TacticModel): TextSpan {
  return tactic.id ? tactic.id.span : tactic.firstLine;
}

export function tacticName(tactic: TacticModel): string {
  return tactic.id ? `Tactic "${tactic.id.value}"` : `The tactic at ${tactic.path}`;
}
