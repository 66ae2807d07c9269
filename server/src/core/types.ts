/**
 * Shared vocabulary of the core. Nothing here knows about LSP or VS Code:
 * positions are 0-based lines and UTF-16 columns (what JS strings index),
 * which the LSP adapter passes through and the CLI shifts to 1-based.
 */

export type Severity = 'error' | 'warning' | 'info';
export type SeverityLevel = Severity | 'off';

/** Offsets into a file's text (UTF-16 code units), end exclusive. */
export interface TextSpan {
  start: number;
  end: number;
}

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface Location {
  path: string;
  range: Range;
}

export type FileKind = 'playbook' | 'vocabulary' | 'config';

export interface TextEdit {
  path: string;
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The one fix an editor may apply without asking (LSP isPreferred). */
  preferred?: boolean;
  /**
   * Safe to apply with no one looking (`playbook-lint --fix`, the editor's
   * `source.fixAll`): deterministic, one file, no placeholder text for a person
   * to fill in, and the result means what the writer meant (renaming a misspelt
   * key, the one close term). Each rule decides this for its own fixes; the
   * others (stubs, add-to-vocabulary, judgement calls) are editor suggestions.
   */
  safe?: boolean;
  /**
   * Fixes of one diagnostic with the same `choice` are alternatives (add the term to
   * this vocabulary or to that one): an editor offers them as one action that asks which.
   */
  choice?: string;
}

export interface RelatedInfo {
  location: Location;
  message: string;
}

export interface Diagnostic {
  ruleId: string;
  severity: Severity;
  message: string;
  path: string;
  range: Range;
  docsUrl: string;
  related?: RelatedInfo[];
  fixes?: Fix[];
}

/** One file's diagnostics: what a lint run reports per file. */
export interface FileResult {
  path: string;
  diagnostics: Diagnostic[];
}
