/**
 * Open documents that hold a playbook, a vocabulary or a config under a name
 * playbook-lint does not read (`discovery.yaml` starting with `playbook:`). The
 * workspace ignores them (their name says they are not ours); the server still
 * reports them, with the misnamed-file rule alone (core/misnamed.ts, as the CLI
 * does), so the writer learns why nothing else is checked and can rename the file.
 */
import { analyzeText } from '../core/analyze';
import type { LintConfig } from '../core/config';
import { misnamedKind } from '../core/file-kind';
import { lintMisnamedText } from '../core/misnamed';
import type { FileAnalysis } from '../core/model/model';
import type { Diagnostic, FileKind } from '../core/types';

interface MisnamedDocument {
  text: string;
  kind: FileKind;
  diagnostics?: Diagnostic[];
  analysis?: FileAnalysis;
}

export class MisnamedDocuments {
  private readonly docs = new Map<string, MisnamedDocument>();

  constructor(private readonly configOf: (path: string) => LintConfig) {}

  /** An open document's text; true when it is (or was until now) misnamed, i.e. its diagnostics must be delivered. */
  update(path: string, text: string): boolean {
    const kind = misnamedKind(path, text);
    if (!kind) return this.docs.delete(path);
    this.docs.set(path, { text, kind });
    return true;
  }

  /** The document was closed; true when it was misnamed (its diagnostics must be cleared). */
  forget(path: string): boolean {
    return this.docs.delete(path);
  }

  has(path: string): boolean {
    return this.docs.has(path);
  }

  diagnostics(path: string): Diagnostic[] {
    const doc = this.docs.get(path);
    if (!doc) return [];
    if (!doc.diagnostics) {
      const config = this.configOf(path);
      // In CI a skipped file must fail the run (an error); in the editor the writer sees the file
      // and its rename fix, so it is information unless the project sets a severity itself.
      const chosen = config.rules['misnamed-file']?.severity !== undefined;
      doc.diagnostics = lintMisnamedText(path, doc.text, config).map((d) => (chosen || d.ruleId !== 'misnamed-file' ? d : { ...d, severity: 'info' as const }));
    }
    return doc.diagnostics;
  }

  /** The document analysed as the kind it holds (for the quick fixes on it). */
  analysis(path: string): FileAnalysis | undefined {
    const doc = this.docs.get(path);
    if (!doc) return undefined;
    doc.analysis ??= analyzeText(path, doc.kind, doc.text);
    return doc.analysis;
  }
}
