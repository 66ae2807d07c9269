import type { LineIndex } from '../line-index';
import type { TermInsertion, TermModel, TermRef, VocabularyModel } from './model';
import { pairOf, stringList, stringValue, valueOf } from './nodes';
import { scanTermRefs } from './terms';
import { isMapNode, isScalarNode, isSeqNode, type ParsedTree } from '../yaml-nodes';

export function extractVocabulary(doc: ParsedTree, text: string, lines: LineIndex, termRefs: TermRef[]): VocabularyModel {
  const model: VocabularyModel = { kind: 'vocabulary', terms: [] };
  const root = doc.contents;
  if (!isMapNode(root)) return model;
  model.title = stringValue(valueOf(root, 'vocabulary'));
  const termsPair = pairOf(root, 'terms');
  const terms = termsPair?.value;
  if (isSeqNode(terms)) {
    terms.items.forEach((node, i) => {
      if (!isMapNode(node) || !node.range) return;
      const term: TermModel = {
        path: `terms[${i}]`,
        span: { start: node.range[0], end: node.range[1] },
        term: stringValue(valueOf(node, 'term')),
        aliases: stringList(valueOf(node, 'aliases')),
        definition: stringValue(valueOf(node, 'definition')),
        example: stringValue(valueOf(node, 'example')),
        seeAlso: stringList(valueOf(node, 'see-also')),
      };
      for (const key of ['definition', 'example']) {
        const v = valueOf(node, key);
        if (isScalarNode(v) && typeof v.value === 'string') scanTermRefs(text, v, termRefs);
      }
      model.terms.push(term);
    });
    if (!terms.flow && terms.range) model.insertion = afterBlock(text, lines, terms.range[0], terms.range[1]);
  } else if (termsPair && (terms === null || (isScalarNode(terms) && terms.value === null)) && termsPair.key.range) {
    const keyCol = lines.position(termsPair.key.range[0]).character;
    model.insertion = afterBlock(text, lines, termsPair.key.range[0], termsPair.key.range[1], ' '.repeat(keyCol + 2));
  }
  termRefs.sort((a, b) => a.span.start - b.span.start);
  return model;
}

/** The start of the line after a block's last non-blank character. */
function afterBlock(text: string, lines: LineIndex, blockStart: number, blockEnd: number, indent?: string): TermInsertion {
  let end = blockEnd;
  while (end > blockStart && /\s/.test(text[end - 1])) end--;
  const nl = text.indexOf('\n', end);
  return {
    offset: nl === -1 ? text.length : nl + 1,
    indent: indent ?? ' '.repeat(lines.position(blockStart).character),
    needsLeadingNewline: nl === -1,
  };
}
