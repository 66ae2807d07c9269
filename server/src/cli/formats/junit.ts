import { ruleDocsLink } from '../../core/rule';
import type { LintReport } from '../report';

const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' };

/** Characters XML 1.0 cannot carry at all (C0 controls but tab and line breaks, lone surrogates, U+FFFE/U+FFFF) as a visible `\uXXXX`. */
function visible(ch: string): string {
  return `\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** An attribute value: the five specials as entities, tab and line breaks as references (so they survive normalisation). */
export function escapeXmlAttribute(s: string): string {
  return s.replace(INVALID_XML, visible).replace(/[&<>"'\t\n\r]/g, (ch) => ENTITIES[ch]);
}

/** Element text: `&`, `<`, `>` as entities, carriage return as a reference (parsers would turn it into a line feed). */
export function escapeXmlText(s: string): string {
  return s.replace(INVALID_XML, visible).replace(/[&<>\r]/g, (ch) => ENTITIES[ch]);
}

/**
 * JUnit XML as Jenkins (JUnit plugin) and GitLab (artifacts:reports:junit)
 * read it: one <testsuite> per file checked; one <testcase> per diagnostic,
 * with a <failure> for errors and warnings (infos pass, their text in
 * <system-out>); a clean file is one passing <testcase>. classname is the file
 * path, name is `rule (line:col)` with 1-based positions.
 */
export function formatJunit(report: LintReport): string {
  const a = escapeXmlAttribute;
  const t = escapeXmlText;
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const failures = (ds: LintReport['files'][number]['diagnostics']) => ds.filter((d) => d.severity !== 'info').length;
  const tests = report.files.reduce((n, f) => n + Math.max(1, f.diagnostics.length), 0);
  const failed = report.files.reduce((n, f) => n + failures(f.diagnostics), 0);
  out.push(`<testsuites name="playbook-lint" tests="${tests}" failures="${failed}" errors="0" time="0">`);
  for (const file of report.files) {
    const count = Math.max(1, file.diagnostics.length);
    out.push(`  <testsuite name="${a(file.path)}" tests="${count}" failures="${failures(file.diagnostics)}" errors="0" skipped="0" time="0">`);
    if (file.diagnostics.length === 0) out.push(`    <testcase name="no problems" classname="${a(file.path)}" time="0"/>`);
    for (const d of file.diagnostics) {
      const line = d.range.start.line + 1;
      const column = d.range.start.character + 1;
      const detail = `${file.path}:${line}:${column} ${d.severity} ${d.message} (${d.ruleId})\n${ruleDocsLink(d.ruleId)}`;
      out.push(`    <testcase name="${a(`${d.ruleId} (${line}:${column})`)}" classname="${a(file.path)}" time="0">`);
      if (d.severity === 'info') out.push(`      <system-out>${t(detail)}</system-out>`);
      else out.push(`      <failure type="${d.severity}" message="${a(d.message)}">${t(detail)}</failure>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}
