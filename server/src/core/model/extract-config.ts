import type { ConfigModel } from './model';
import { stringList, valueOf } from './nodes';
import { isMapNode, type ParsedTree } from '../yaml-nodes';

/** The config model: its `vocabulary` globs with their spans (the rest is read from the plain value). */
export function extractConfig(doc: ParsedTree): ConfigModel {
  return { kind: 'config', vocabulary: isMapNode(doc.contents) ? stringList(valueOf(doc.contents, 'vocabulary')) : [] };
}
