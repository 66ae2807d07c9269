import type { PlaybookModel, ProseValue, ScalarValue, StageModel, TacticModel, TermRef } from './model';
import { firstLineSpan, isTextOrEmpty, keySpan, pairOf, stringList, stringValue, valueOf } from './nodes';
import { scanTermRefs } from './terms';
import { isMapNode, isPairNode, isScalarNode, isSeqNode, type ParsedTree } from '../yaml-nodes';

/** Builds the playbook model straight from the parsed nodes, keeping every source span. */
export function extractPlaybook(doc: ParsedTree, text: string, termRefs: TermRef[]): PlaybookModel {
  const model: PlaybookModel = { kind: 'playbook', stages: [], prose: [] };
  const root = doc.contents;
  if (!isMapNode(root)) return model;
  collectTermRefs(root, text, termRefs);
  model.title = stringValue(valueOf(root, 'playbook'));
  addProse(model.prose, model.title, 'title', 'playbook');
  addProse(model.prose, stringValue(valueOf(root, 'summary')), 'summary', 'summary');
  const stages = valueOf(root, 'stages');
  if (!isSeqNode(stages)) return model;
  stages.items.forEach((node, s) => {
    if (!isMapNode(node) || !node.range) return;
    const path = `stages[${s}]`;
    const stage: StageModel = {
      path,
      span: { start: node.range[0], end: node.range[1] },
      id: stringValue(valueOf(node, 'id')),
      name: stringValue(valueOf(node, 'name')),
      goal: stringValue(valueOf(node, 'goal')),
      tactics: [],
      seeAlso: stringList(valueOf(node, 'see-also')),
    };
    addProse(model.prose, stage.name, 'name', `${path}.name`);
    addProse(model.prose, stage.goal, 'goal', `${path}.goal`);
    const tactics = valueOf(node, 'tactics');
    if (isSeqNode(tactics)) {
      tactics.items.forEach((t, i) => {
        if (!isMapNode(t) || !t.range) return;
        const tpath = `${path}.tactics[${i}]`;
        const tactic: TacticModel = {
          path: tpath,
          span: { start: t.range[0], end: t.range[1] },
          firstLine: firstLineSpan(t, text) ?? { start: t.range[0], end: t.range[0] },
          id: stringValue(valueOf(t, 'id')),
          tactic: stringValue(valueOf(t, 'tactic')),
          seeAlso: stringList(valueOf(t, 'see-also')),
          // Always present, if only as undefined: every tactic then has one object shape, and the rules that read
          // every tactic keep their optimised code (a field added to some tactics only threw it away, in each thread).
          why: undefined,
          deviateWhen: undefined,
        };
        const why = pairOf(t, 'why');
        if (why) tactic.why = { keySpan: keySpan(why), value: stringValue(why.value), wrongType: !isTextOrEmpty(why.value) };
        const dev = pairOf(t, 'deviate-when');
        if (dev)
          tactic.deviateWhen = {
            keySpan: keySpan(dev),
            value: stringList(dev.value),
            wrongType: isSeqNode(dev.value) ? !dev.value.items.every(isTextOrEmpty) : !isTextOrEmpty(dev.value),
          };
        addProse(model.prose, tactic.tactic, 'tactic', `${tpath}.tactic`);
        addProse(model.prose, tactic.why?.value, 'why', `${tpath}.why`);
        tactic.deviateWhen?.value.forEach((d, k) => addProse(model.prose, d, 'deviate-when', `${tpath}.deviate-when[${k}]`));
        stage.tactics.push(tactic);
      });
    }
    model.stages.push(stage);
  });
  return model;
}

function addProse(out: ProseValue[], value: ScalarValue | undefined, field: ProseValue['field'], path: string): void {
  if (value) out.push({ value: value.value, span: value.span, field, path });
}

/** Every string value of a playbook may hold `[[term]]`; keys may not. Iterative: depth is untrusted. */
function collectTermRefs(root: unknown, text: string, out: TermRef[]): void {
  const stack: unknown[] = [root];
  while (stack.length) {
    const node = stack.pop();
    if (isScalarNode(node)) {
      if (typeof node.value === 'string') scanTermRefs(text, node, out);
    } else if (isMapNode(node)) {
      for (const item of node.items) if (isPairNode(item)) stack.push(item.value);
    } else if (isSeqNode(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
  out.sort((a, b) => a.span.start - b.span.start);
}
