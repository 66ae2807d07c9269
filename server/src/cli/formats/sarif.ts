import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { RULES } from '../../core/rules';
import type { Location, SeverityLevel } from '../../core/types';
import type { LintReport } from '../report';

export const INFORMATION_URI = 'https://github.com/playbook-lint/playbook-lint';
/** The base id every relative artifact URI is resolved against: the working folder of the run. */
export const SRCROOT = '%SRCROOT%';

const LEVEL: Record<SeverityLevel, Sarif.ReportingConfiguration.level> = { error: 'error', warning: 'warning', info: 'note', off: 'none' };

/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: one run, the
 * full rule catalogue in tool.driver.rules, one result per diagnostic. Paths
 * inside the working folder are relative URIs against %SRCROOT% (given in
 * originalUriBaseIds), so the log is portable and GitHub maps them to the
 * repository when the CLI runs from the checkout; others are absolute file URIs.
 * Regions are 1-based; columns count UTF-16 code units, end column exclusive.
 */
export function formatSarif(report: LintReport, version: string): string {
  const ruleIndex = new Map(RULES.map((r, i) => [r.id, i]));
  const cwd = path.resolve(report.cwd);
  const artifact = (absolute: string): Sarif.ArtifactLocation => {
    const rel = path.relative(cwd, absolute);
    if (rel && !path.isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${path.sep}`)) {
      return { uri: rel.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
    }
    return { uri: pathToFileURL(absolute).href };
  };
  const physical = (location: Location): Sarif.PhysicalLocation => ({
    artifactLocation: artifact(location.path),
    region: {
      startLine: location.range.start.line + 1,
      startColumn: location.range.start.character + 1,
      endLine: location.range.end.line + 1,
      endColumn: location.range.end.character + 1,
    },
  });

  const results: Sarif.Result[] = [];
  for (const file of report.files) {
    for (const d of file.diagnostics) {
      const index = ruleIndex.get(d.ruleId);
      const result: Sarif.Result = {
        ruleId: d.ruleId,
        ...(index === undefined ? {} : { ruleIndex: index }),
        level: LEVEL[d.severity],
        message: { text: d.message },
        locations: [{ physicalLocation: physical({ path: file.absolutePath, range: d.range }) }],
      };
      if (d.related?.length) {
        result.relatedLocations = d.related.map((r, i) => ({ id: i + 1, physicalLocation: physical(r.location), message: { text: r.message } }));
      }
      results.push(result);
    }
  }

  const log: Sarif.Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'playbook-lint',
            version,
            semanticVersion: version,
            informationUri: INFORMATION_URI,
            rules: RULES.map((rule) => ({
              id: rule.id,
              shortDescription: { text: rule.description },
              helpUri: rule.docsUrl,
              help: { text: `${rule.description} ${rule.docsUrl}`, markdown: `${rule.description}\n\n[Rule documentation](${rule.docsUrl})` },
              defaultConfiguration: rule.defaultSeverity === 'off' ? { enabled: false, level: 'none' } : { level: LEVEL[rule.defaultSeverity] },
            })),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(cwd).href.replace(/\/?$/, '/') } },
        columnKind: 'utf16CodeUnits',
        invocations: [{ executionSuccessful: true }],
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
