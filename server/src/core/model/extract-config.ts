import { isMap, type Document } from 'yaml';
import type { ConfigModel } from './model';
import { stringList, valueOf } from './nodes';

/** The config model: its `vocabulary` globs with their spans (the rest is read from the plain value). */
export function extractConfig(doc: Document.Parsed): ConfigModel {
  return { kind: 'config', vocabulary: isMap(doc.contents) ? stringList(valueOf(doc.contents, 'vocabulary')) : [] };
}
