/**
 * Plain results of the editor services. No LSP types here: positions are the
 * core's (0-based line, UTF-16 character), paths are the core's posix paths.
 * The language server converts these to LSP; the CLI could print them.
 */
import type { Location, Range, TextEdit } from '../core/types';

export type { Location, Position, Range, TextEdit } from '../core/types';

export interface HoverResult {
  /** Markdown (CommonMark); readable as plain text too. */
  markdown: string;
  range?: Range;
}

export type CompletionKind = 'term' | 'alias' | 'stage' | 'tactic' | 'key' | 'value';

export interface CompletionEntry {
  label: string;
  kind: CompletionKind;
  /** One line shown next to the label. */
  detail?: string;
  /** Markdown documentation (a term's definition, a field's meaning). */
  documentation?: string;
  /** The range the item replaces (the partial word already typed). */
  range: Range;
  /** Plain-text form (always set). */
  insertText: string;
  /** Snippet form (`$1` tab stops), when it differs from the plain text. */
  snippet?: string;
  filterText?: string;
  sortText?: string;
}

export interface CompletionResult {
  items: CompletionEntry[];
  isIncomplete: boolean;
}

export type SymbolKindName = 'playbook' | 'stage' | 'tactic' | 'vocabulary' | 'term';

export interface SymbolEntry {
  name: string;
  detail?: string;
  kind: SymbolKindName;
  range: Range;
  selectionRange: Range;
  children: SymbolEntry[];
}

export interface WorkspaceSymbolEntry {
  name: string;
  kind: SymbolKindName;
  containerName?: string;
  location: Location;
}

export interface CodeActionEntry {
  title: string;
  kind: 'quickfix';
  edits: TextEdit[];
  preferred?: boolean;
  /** Alternatives the writer picks from (edits is then empty): the editor asks which. */
  choices?: { title: string; edits: TextEdit[] }[];
  /** Rename the file to this path (edits is then empty): the fix of a misnamed file. */
  renameTo?: string;
  /** Rule id and range of the diagnostic it fixes. */
  diagnostic: { ruleId: string; range: Range; message: string };
}

export interface PrepareRenameResult {
  range: Range;
  placeholder: string;
}

/** A request the services refuse, with a message fit to show the user. */
export class ServiceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServiceError';
  }
}
