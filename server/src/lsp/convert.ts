/** Core/services data ⇄ LSP types. Positions pass through: both are 0-based lines and UTF-16 characters. */
import {
  CompletionItemKind,
  DiagnosticSeverity,
  InsertTextFormat,
  InsertTextMode,
  MarkupKind,
  SymbolKind,
  type CompletionItem,
  type Diagnostic as LspDiagnostic,
  type DocumentSymbol,
  type SymbolInformation,
} from 'vscode-languageserver';
import { ruleDocsLink } from '../core/rule';
import type { Diagnostic } from '../core/types';
import { markdownToPlain } from '../services/markdown';
import type { CompletionEntry, SymbolEntry, SymbolKindName } from '../services/types';
import { pushAll } from '../core/arrays';

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;

export interface DiagnosticOptions {
  relatedInformation: boolean;
  uriOf: (path: string) => string;
}

/** One copy of each rule id and docs URL for the diagnostics of every file (thousands of them). */
const shared = new Map<string, string>();
const share = (s: string) => {
  let found = shared.get(s);
  if (found === undefined) {
    if (shared.size > 1000) shared.clear();
    shared.set(s, (found = s));
  }
  return found;
};

export function toLspDiagnostic(d: Diagnostic, options: DiagnosticOptions): LspDiagnostic {
  const ruleId = share(d.ruleId);
  const out: LspDiagnostic = {
    range: d.range,
    severity: SEVERITY[d.severity],
    code: ruleId,
    codeDescription: { href: share(ruleDocsLink(ruleId)) },
    source: 'playbook-lint',
    message: d.message,
    data: { ruleId },
  };
  if (d.related?.length && options.relatedInformation) {
    out.relatedInformation = d.related.map((r) => ({ location: { uri: options.uriOf(r.location.path), range: r.location.range }, message: r.message }));
  }
  return out;
}

const plainCache = new Map<string, string>();

/** Markdown as plain text, remembered (completion shows the same documentation on every keystroke). */
function plainOf(markdown: string): string {
  let plain = plainCache.get(markdown);
  if (plain === undefined) {
    if (plainCache.size >= 2000) plainCache.clear();
    plainCache.set(markdown, (plain = markdownToPlain(markdown)));
  }
  return plain;
}

export function markup(markdown: string, supportsMarkdown: boolean): { kind: MarkupKind; value: string } {
  return supportsMarkdown ? { kind: MarkupKind.Markdown, value: markdown } : { kind: MarkupKind.PlainText, value: plainOf(markdown) };
}

const COMPLETION_KIND: Record<CompletionEntry['kind'], CompletionItemKind> = {
  term: CompletionItemKind.Constant,
  alias: CompletionItemKind.Constant,
  stage: CompletionItemKind.Module,
  tactic: CompletionItemKind.Function,
  key: CompletionItemKind.Property,
  value: CompletionItemKind.EnumMember,
};

export function toCompletionItem(e: CompletionEntry, options: { snippets: boolean; markdown: boolean }): CompletionItem {
  const useSnippet = options.snippets && e.snippet !== undefined && e.snippet !== e.insertText;
  const item: CompletionItem = {
    label: e.label,
    kind: COMPLETION_KIND[e.kind],
    detail: e.detail,
    textEdit: { range: e.range, newText: useSnippet ? e.snippet! : e.insertText },
    insertTextFormat: useSnippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    filterText: e.filterText,
    sortText: e.sortText,
  };
  if (useSnippet) item.insertTextMode = InsertTextMode.adjustIndentation;
  if (e.documentation) item.documentation = markup(e.documentation, options.markdown);
  return item;
}

const SYMBOL_KIND: Record<SymbolKindName, SymbolKind> = {
  playbook: SymbolKind.File,
  vocabulary: SymbolKind.File,
  stage: SymbolKind.Namespace,
  tactic: SymbolKind.Function,
  term: SymbolKind.Constant,
};

export function toDocumentSymbol(s: SymbolEntry): DocumentSymbol {
  return {
    name: s.name,
    detail: s.detail,
    kind: SYMBOL_KIND[s.kind],
    range: s.range,
    selectionRange: s.selectionRange,
    children: s.children.map(toDocumentSymbol),
  };
}

export function toSymbolInformation(symbols: SymbolEntry[], uri: string, container?: string): SymbolInformation[] {
  const out: SymbolInformation[] = [];
  for (const s of symbols) {
    out.push({ name: s.name, kind: SYMBOL_KIND[s.kind], location: { uri, range: s.range }, containerName: container });
    pushAll(out, toSymbolInformation(s.children, uri, s.name));
  }
  return out;
}

export function symbolKind(kind: SymbolKindName): SymbolKind {
  return SYMBOL_KIND[kind];
}
