/**
 * Quick fixes: the fixes each diagnostic carries (from its rule), plus
 * "disable RULE for this line". Every edit touches only its own span.
 */
import { dirName } from '../core/paths';
import { properName } from '../core/file-kind';
import { disableLineFix, eol } from '../core/fixes';
import type { FileAnalysis } from '../core/model/model';
import type { Diagnostic, Fix, Range } from '../core/types';
import type { ServiceContext } from './context';
import type { CodeActionEntry } from './types';
import { scalarAt } from './yaml-path';

export interface CodeActionOptions {
  /** Offer "disable RULE for this line" (default true). */
  disableComments?: boolean;
  /** The diagnostics the user sees (default: all of the file's). */
  diagnostics?: readonly Diagnostic[];
}

export function codeActions(ctx: ServiceContext, file: FileAnalysis, range: Range, options: CodeActionOptions = {}): CodeActionEntry[] {
  const out: CodeActionEntry[] = [];
  const seen = new Set<string>();
  for (const d of options.diagnostics ?? ctx.diagnostics(file.path)) {
    if (!overlaps(d.range, range)) continue;
    const diagnostic = { ruleId: d.ruleId, range: d.range, message: d.message };
    if (d.ruleId === 'misnamed-file') {
      // The fix is a new name, not an edit of the text.
      const name = properName(file.path, file.kind);
      const dir = dirName(file.path);
      const renameTo = dir === '/' ? `/${name}` : `${dir}/${name}`;
      out.push({ title: `Rename to ${name}`, kind: 'quickfix', edits: [], renameTo, preferred: true, diagnostic });
    }
    const fixes = d.fixes ?? [];
    const anyPreferred = fixes.some((f) => f.preferred);
    const asked = new Map<string, CodeActionEntry>();
    for (const fix of fixes) {
      if (fix.choice) {
        // Alternatives (which vocabulary to add a term to) are one action that asks.
        let entry = asked.get(fix.choice);
        if (!entry) out.push((entry = { title: `${fix.choice}…`, kind: 'quickfix', edits: [], choices: [], diagnostic }));
        asked.set(fix.choice, entry);
        entry.choices!.push({ title: fix.title, edits: fix.edits });
        continue;
      }
      // One fix that only touches this file is the clear choice (a stub, a link); several suggestions are not.
      const preferred = fix.preferred || (!anyPreferred && fixes.length === 1 && fix.edits.every((e) => e.path === file.path));
      out.push({ title: fix.title, kind: 'quickfix', edits: fix.edits, preferred: preferred || undefined, diagnostic });
    }
    if (d.ruleId === 'yaml-syntax' || options.disableComments === false) continue; // a comment cannot repair a file the parser rejects
    const disable = disableFix(file, d);
    const key = `${disable.title}@${disable.edits[0].range.start.line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ title: disable.title, kind: 'quickfix', edits: disable.edits, diagnostic });
  }
  // "Preferred" means the one obvious fix; two candidates (two problems on one line) are not obvious.
  if (out.filter((a) => a.preferred).length > 1) for (const a of out) delete a.preferred;
  return out;
}

/**
 * `# playbook-lint-disable-next-line RULE` above the flagged line; when the line
 * is inside a multi-line value (a folded `why: >` text), a comment there would
 * become part of the text, so the value is wrapped in a disable/enable region instead.
 */
export function disableFix(file: FileAnalysis, d: Diagnostic): Fix {
  const offset = file.lines.offset(d.range.start);
  const scalar = scalarAt(file, { start: offset, end: offset });
  if (scalar) {
    const firstLine = file.lines.position(scalar.span.start).line;
    if (firstLine < d.range.start.line) {
      let end = scalar.span.end;
      while (end > scalar.span.start && /\s/.test(file.text[end - 1])) end--;
      const lastLine = file.lines.position(end - 1).line;
      const start = file.lines.lineStart(firstLine);
      const indent = /^[ \t]*/.exec(file.text.slice(start, start + 200))?.[0] ?? '';
      const lb = eol(file.text);
      const afterLine = lastLine + 1 < file.lines.lineCount ? file.lines.lineStart(lastLine + 1) : file.text.length;
      const needsBreak = afterLine === file.text.length && !/[\r\n]$/.test(file.text);
      return {
        title: `Disable ${d.ruleId} for this text`,
        edits: [
          { path: file.path, range: file.lines.range({ start, end: start }), newText: `${indent}# playbook-lint-disable ${d.ruleId}${lb}` },
          {
            path: file.path,
            range: file.lines.range({ start: afterLine, end: afterLine }),
            newText: `${needsBreak ? lb : ''}${indent}# playbook-lint-enable ${d.ruleId}${needsBreak ? '' : lb}`,
          },
        ],
      };
    }
  }
  return disableLineFix(file, d.range.start.line, d.ruleId);
}

function overlaps(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']) => p.line < q.line || (p.line === q.line && p.character <= q.character);
  return before(a.start, b.end) && before(b.start, a.end);
}
