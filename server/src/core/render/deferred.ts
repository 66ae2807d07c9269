import type { FileAnalysis, PlaybookModel } from '../model/model';
import type { Diagnostic } from '../types';
import type { RenderContext } from './context';
import type { Html } from './html';
import { seeAlsoLinks } from './playbook-page';
import { PlacedProblems, problemsHtml } from './problems';

/**
 * A site renders each playbook page while the file's analysis is at hand
 * (its first pass), and keeps only the HTML, as the lint keeps only slim
 * copies. Two parts of a page need the whole project: see-also links (the
 * page and anchor of ids in other playbooks) and, with problems shown, the
 * project rules' findings. They are left as slots, in page order, and filled
 * in the second pass. A slot is an HTML comment: escaped YAML never holds `<`,
 * so the page's own markup is the only place one can come from.
 */
export const SLOT = '<!--slot-->';

/** Where a problem list goes: the page itself (no stage), a stage, or one of its tactics. */
export interface ProblemsPlace {
  stage?: number;
  tactic?: number;
}

export type Slot = { kind: 'see-also'; ids: string[] } | ({ kind: 'problems' } & ProblemsPlace);

/** The slots of one page, in the order their markers appear in it. */
export class DeferredSlots {
  readonly slots: Slot[] = [];

  add(slot: Slot): Html {
    this.slots.push(slot);
    return SLOT;
  }
}

/**
 * The HTML of each slot, with the whole project in `ctx`. `file` may be the
 * lint's slim copy: stages, tactics, spans and line starts are all it reads.
 * `seeAlso`: the see-also slots' links, in order, made by a thread that has the
 * whole project (then `ctx` needs none: problem lists read only the page names).
 */
export function fillSlots(
  ctx: RenderContext,
  file: FileAnalysis,
  slots: readonly Slot[],
  diagnostics: readonly Diagnostic[],
  seeAlso?: readonly Html[],
): Html[] {
  let placed: PlacedProblems | undefined;
  let links = 0;
  return slots.map((slot) => {
    if (slot.kind === 'see-also') return seeAlso ? seeAlso[links++] : seeAlsoLinks(ctx, file.path, slot.ids);
    placed ??= new PlacedProblems(file, diagnostics);
    const stage = slot.stage === undefined ? undefined : (file.model as PlaybookModel).stages[slot.stage];
    if (!stage) return problemsHtml(ctx, placed.unplaced());
    return problemsHtml(ctx, placed.of(slot.tactic === undefined ? stage : stage.tactics[slot.tactic]));
  });
}
