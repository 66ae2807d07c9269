import type { Comment, SyntaxProblem } from '../parse';
import type { LineIndex } from '../line-index';
import type { FileKind, TextSpan } from '../types';

/** A string value with the span of its own source (quotes and block header included). */
export interface ScalarValue {
  value: string;
  span: TextSpan;
}

/** A key that is present, with the span of the key itself and its (possibly absent) value. */
export interface PresentKey<T> {
  keySpan: TextSpan;
  value: T;
  /** The value has a type the schema rejects; the schema rule reports it, nobody else. */
  wrongType: boolean;
}

/** `[[term]]` in the source: span covers `[[` to `]]`; name is the text between, whitespace folded. */
export interface TermRef {
  name: string;
  key: string;
  span: TextSpan;
  /** The style of the scalar holding the reference: what a fix that rewrites it must escape. */
  style?: 'plain' | 'single' | 'double' | 'block';
}

/** A string a reader reads as prose (goal, tactic, why, …): where unlinked terms and coaching checks look. */
export interface ProseValue extends ScalarValue {
  field: 'title' | 'summary' | 'name' | 'goal' | 'tactic' | 'why' | 'deviate-when';
  path: string;
}

export interface TacticModel {
  path: string;
  span: TextSpan;
  /** The tactic's first "key: value" on its first line (where tactic rules point when it has no id). */
  firstLine: TextSpan;
  id?: ScalarValue;
  tactic?: ScalarValue;
  /** value undefined: key written with no usable text (null, blank, wrong type). */
  why?: PresentKey<ScalarValue | undefined>;
  deviateWhen?: PresentKey<ScalarValue[]>;
  seeAlso: ScalarValue[];
}

export interface StageModel {
  path: string;
  span: TextSpan;
  id?: ScalarValue;
  name?: ScalarValue;
  goal?: ScalarValue;
  tactics: TacticModel[];
  seeAlso: ScalarValue[];
}

export interface PlaybookModel {
  kind: 'playbook';
  title?: ScalarValue;
  stages: StageModel[];
  prose: ProseValue[];
}

export interface TermModel {
  path: string;
  span: TextSpan;
  term?: ScalarValue;
  aliases: ScalarValue[];
  definition?: ScalarValue;
  example?: ScalarValue;
  seeAlso: ScalarValue[];
}

/** Where "add term to vocabulary" inserts: after the last term entry, at the list's indentation. */
export interface TermInsertion {
  offset: number;
  indent: string;
  /** True when the text before offset does not end in a line break. */
  needsLeadingNewline: boolean;
}

export interface VocabularyModel {
  kind: 'vocabulary';
  title?: ScalarValue;
  terms: TermModel[];
  insertion?: TermInsertion;
}

export interface ConfigModel {
  kind: 'config';
  /** The `vocabulary` globs as written, with their spans (for "matches no file"). */
  vocabulary?: ScalarValue[];
}

export type DocumentModel = PlaybookModel | VocabularyModel | ConfigModel;

export interface SchemaProblem {
  span: TextSpan;
  message: string;
  /**
   * For an unknown key that stands for a known one, the key meant: misspelt
   * (`deviate_when`, `Why`) or written under the wrong parent (`deviate-when`
   * on a stage). The rules that would call the meant key missing stay quiet:
   * one mistake, one diagnostic.
   */
  meant?: string;
  /** Renaming the key (at `span`) to `meant` is safe: the mapping has no such key yet. */
  rename?: boolean;
  /** Replacing `span` with this quoted form keeps the value as written (an anchor or tag read as text): safe. */
  quoted?: string;
}

/** Everything the core knows about one file after one parse. Rules read this; nothing re-parses. */
export interface FileAnalysis {
  path: string;
  kind: FileKind;
  text: string;
  lines: LineIndex;
  comments: Comment[];
  syntaxProblems: SyntaxProblem[];
  schemaProblems: SchemaProblem[];
  model: DocumentModel;
  termRefs: TermRef[];
  /** The plain JS value of the document, for config loading; undefined when unusable. */
  data: unknown;
}
