import type { FileAnalysis, SchemaProblem, TacticModel } from './model';
import type { TextSpan } from '../types';

/** Where tactic rules point: the id value, else the tactic's first line (its first "key: value", no trailing comment). */
export function tacticSpan(_file: FileAnalysis, tactic: TacticModel): TextSpan {
  return tactic.id ? tactic.id.span : tactic.firstLine;
}

export function tacticName(tactic: TacticModel): string {
  return tactic.id ? `Tactic "${tactic.id.value}"` : `The tactic at ${tactic.path}`;
}

/**
 * Whether the tactic's `key` was written, but misspelt inside the tactic
 * (`deviate_when`) or under the wrong parent just after it (a `deviate-when`
 * indented to the stage): the schema rule reports that one mistake with the
 * key meant, so "missing" would be a second, misleading diagnostic.
 */
export function keyWrittenAmiss(file: FileAnalysis, tactic: TacticModel, key: string): boolean {
  return file.schemaProblems.some((p) => p.meant === key && (within(p, tactic) || (!p.rename && lastTacticBefore(file, p) === tactic)));
}

function within(problem: SchemaProblem, tactic: TacticModel): boolean {
  return problem.span.start >= tactic.span.start && problem.span.end <= tactic.span.end;
}

function lastTacticBefore(file: FileAnalysis, problem: SchemaProblem): TacticModel | undefined {
  if (file.model.kind !== 'playbook') return undefined;
  let last: TacticModel | undefined;
  for (const stage of file.model.stages) {
    for (const tactic of stage.tactics) if (tactic.span.end <= problem.span.start && (!last || tactic.span.start > last.span.start)) last = tactic;
  }
  return last;
}
