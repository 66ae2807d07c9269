/**
 * Every --format, checked for content on real files through the real CLI:
 * JSON parsed, SARIF validated against the official 2.1.0 schema, JUnit parsed
 * as strict XML, GitHub workflow commands unescaped back. Lines and columns are
 * 1-based everywhere; columns count UTF-16 code units.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Ajv from 'ajv';
import type * as Sarif from 'sarif';
import { RULES } from '../../server/src/core/rules';
import { REPO_ROOT } from '../support/paths';
import { ONE_WARNING, RICH, RICH_EXPECTED, RICH_RULES, cleanPlaybook, type Expected } from './fixtures';
import { CLI_TIMEOUT_MS, makeProject, runCli } from './helpers';
import { childrenNamed, parseXml, type XmlElement } from './xml';

const VERSION = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** A name GitHub, XML and URIs all must escape: percent, colon, comma, ampersand, quotes, angle brackets. */
const ODD_NAME = `odd%25 name:1,2 <&"'>.playbook.yaml`;
/** A term reference whose message carries XML specials and a control character (U+0001, from a YAML escape). */
const ODD_TERM_PLAYBOOK = `playbook: Odd
stages:
  - id: odd-stage
    name: Odd
    goal: "The buyer agrees on [[a<&\\"'>\\u0001b]] now."
`;

let rich: { dir: string; cleanup: () => void };
before(() => {
  rich = makeProject(RICH);
});
after(() => rich.cleanup());

function core<T extends { rule?: string; ruleId?: string }>(items: T[]): T[] {
  return items.filter((d) => RICH_RULES.has((d.rule ?? d.ruleId)!));
}

describe('--format stylish', function () {
  this.timeout(CLI_TIMEOUT_MS);
  it('groups by file, one `path:line:col severity message rule` line per problem, then the count', () => {
    const run = runCli([], { cwd: rich.dir });
    assert.equal(run.code, 1, run.stderr);
    assert.equal(run.stderr, '');
    assert.doesNotMatch(run.stdout, /\u001b\[/, 'no colour when stdout is not a terminal');
    const lines = run.stdout.split('\n');
    for (const e of RICH_EXPECTED) {
      const row = lines.find((l) => l.trimStart().startsWith(`${e.path}:${e.line}:${e.column} `));
      assert.ok(row, `a row for ${e.path}:${e.line}:${e.column}`);
      assert.match(row, new RegExp(`^  \\S+\\s+${e.severity}\\s+\\S.*\\s${e.rule}$`));
    }
    // Grouped: a header line per file with problems, before its rows.
    const headerA = lines.indexOf('playbooks/a.playbook.yaml');
    const headerB = lines.indexOf('playbooks/b.playbook.yaml');
    assert.ok(headerA >= 0 && headerB > headerA, 'file headers in path order');
    assert.ok(lines.slice(headerA + 1, headerB).some((l) => l.includes('a.playbook.yaml:12:13')));
    assert.ok(!lines.includes('vocabulary/sales.vocabulary.yaml'), 'clean files get no header');
    const summary = lines.filter(Boolean).at(-1)!;
    assert.match(summary, /^✖ \d+ problems \(3 errors, 1 warning, \d+ info\) in 3 files$/);
  });

  it('says so when there are no problems', () => {
    const p = makeProject({ 'x.playbook.yaml': cleanPlaybook('only', 'only-tactic') });
    try {
      const run = runCli([], { cwd: p.dir });
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^✔ no problems \(1 file checked\)\n$|^✖ \d+ problems? \(0 errors, 0 warnings, \d+ info\) in 1 file\n$/m);
    } finally {
      p.cleanup();
    }
  });
});

describe('--format json', function () {
  this.timeout(CLI_TIMEOUT_MS);
  it('has the documented shape, 1-based positions and related locations', () => {
    const run = runCli(['--format', 'json'], { cwd: rich.dir });
    assert.equal(run.code, 1, run.stderr);
    const doc = JSON.parse(run.stdout);
    assert.equal(doc.formatVersion, 1);
    assert.deepEqual(doc.tool, { name: 'playbook-lint', version: VERSION });
    assert.deepEqual(
      doc.files.map((f: { path: string }) => f.path),
      ['playbooks/a.playbook.yaml', 'playbooks/b.playbook.yaml', 'vocabulary/sales.vocabulary.yaml'],
      'every file checked, clean ones too, sorted by path',
    );
    const flat = doc.files.flatMap((f: { path: string; diagnostics: Record<string, unknown>[] }) => f.diagnostics.map((d) => ({ path: f.path, ...d })));
    assert.deepEqual(
      core(flat).map(({ path: p, rule, severity, line, column, endLine, endColumn }: Record<string, unknown>) => ({
        path: p,
        rule,
        severity,
        line,
        column,
        endLine,
        endColumn,
      })),
      RICH_EXPECTED,
    );
    for (const d of flat) {
      assert.deepEqual(
        Object.keys(d).sort(),
        ['column', 'docs', 'endColumn', 'endLine', 'fixes', 'line', 'message', 'path', 'related', 'rule', 'severity'].sort(),
      );
      // The rule's page in this installation (dist/ → docs/rules), a link that works offline.
      assert.equal(d.docs, pathToFileURL(path.join(REPO_ROOT, 'docs/rules', `${d.rule}.md`)).href);
      assert.ok(existsSync(fileURLToPath(d.docs)), d.docs);
      assert.ok(typeof d.message === 'string' && d.message.length > 0);
    }
    const dup = flat.find((d: { rule: string }) => d.rule === 'duplicate-id');
    assert.deepEqual(
      dup.related.map(({ path: p, line, column, endLine, endColumn }: Record<string, unknown>) => ({ path: p, line, column, endLine, endColumn })),
      [{ path: 'playbooks/a.playbook.yaml', line: 7, column: 13, endLine: 7, endColumn: 19 }],
    );
    assert.equal(typeof dup.related[0].message, 'string');
    const undefinedTerm = flat.find((d: { rule: string }) => d.rule === 'undefined-term');
    assert.ok(undefinedTerm.fixes.includes('Change to [[Champion]]'), 'fix titles are listed');
    // Counts agree with the diagnostics.
    const count = (sev: string) => flat.filter((d: { severity: string }) => d.severity === sev).length;
    assert.deepEqual(doc.summary, { files: 3, errors: count('error'), warnings: count('warning'), infos: count('info') });
    for (const f of doc.files) {
      assert.equal(f.errors, f.diagnostics.filter((d: { severity: string }) => d.severity === 'error').length);
      assert.equal(f.warnings, f.diagnostics.filter((d: { severity: string }) => d.severity === 'warning').length);
      assert.equal(f.infos, f.diagnostics.filter((d: { severity: string }) => d.severity === 'info').length);
    }
  });
});

describe('--format sarif', function () {
  this.timeout(CLI_TIMEOUT_MS);
  const schema = JSON.parse(readFileSync(path.join(REPO_ROOT, 'test/fixtures/sarif/sarif-schema-2.1.0.json'), 'utf8'));
  const validate = new Ajv({ validateFormats: false }).compile(schema);
  const assertValid = (log: unknown) => assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));

  it('is valid SARIF 2.1.0 with the full rule catalogue and 1-based regions', () => {
    const run = runCli(['--format', 'sarif'], { cwd: rich.dir });
    assert.equal(run.code, 1, run.stderr);
    const log = JSON.parse(run.stdout) as Sarif.Log;
    assertValid(log);
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs.length, 1);
    const [sarifRun] = log.runs;
    const driver = sarifRun.tool.driver;
    assert.equal(driver.name, 'playbook-lint');
    assert.equal(driver.version, VERSION);
    assert.equal(driver.informationUri, 'https://github.com/playbook-lint/playbook-lint');
    assert.equal(sarifRun.columnKind, 'utf16CodeUnits');
    assert.deepEqual(sarifRun.originalUriBaseIds, { '%SRCROOT%': { uri: pathToFileURL(rich.dir).href + '/' } });

    // Every registered rule, with its description, docs link and default level.
    const level = { error: 'error', warning: 'warning', info: 'note', off: 'none' } as const;
    assert.deepEqual(
      driver.rules!.map((r) => [r.id, r.shortDescription?.text, r.helpUri, r.defaultConfiguration?.level]),
      RULES.map((r) => [r.id, r.description, r.docsUrl, level[r.defaultSeverity]]),
    );

    const results = sarifRun.results!;
    const got: Expected[] = results.map((r) => {
      const loc = r.locations![0].physicalLocation!;
      assert.equal(loc.artifactLocation!.uriBaseId, '%SRCROOT%');
      return {
        path: loc.artifactLocation!.uri!,
        rule: r.ruleId!,
        severity: ({ error: 'error', warning: 'warning', note: 'info' } as const)[r.level as 'error' | 'warning' | 'note'],
        line: loc.region!.startLine!,
        column: loc.region!.startColumn!,
        endLine: loc.region!.endLine!,
        endColumn: loc.region!.endColumn!,
      };
    });
    assert.deepEqual(core(got), RICH_EXPECTED);
    for (const r of results) {
      assert.equal(driver.rules![r.ruleIndex!].id, r.ruleId, 'ruleIndex points at the rule');
      assert.ok(r.message.text);
    }
    const dup = results.find((r) => r.ruleId === 'duplicate-id')!;
    assert.equal(dup.relatedLocations!.length, 1);
    const related = dup.relatedLocations![0];
    assert.equal(related.physicalLocation!.artifactLocation!.uri, 'playbooks/a.playbook.yaml');
    assert.equal(related.physicalLocation!.artifactLocation!.uriBaseId, '%SRCROOT%');
    assert.deepEqual(related.physicalLocation!.region, { startLine: 7, startColumn: 13, endLine: 7, endColumn: 19 });
    assert.ok(related.message?.text);
  });

  it('stays valid with no results (an empty results array clears old alerts)', () => {
    const p = makeProject({ 'x.playbook.yaml': cleanPlaybook('only', 'only-tactic') });
    try {
      const run = runCli(['--format', 'sarif', '--quiet'], { cwd: p.dir });
      assert.equal(run.code, 0, run.stderr);
      const log = JSON.parse(run.stdout) as Sarif.Log;
      assertValid(log);
      assert.deepEqual(log.runs[0].results, []);
    } finally {
      p.cleanup();
    }
  });

  it('percent-encodes relative URIs, and uses absolute file URIs outside the working folder', () => {
    const p = makeProject({ [`in/${ODD_NAME}`]: ODD_TERM_PLAYBOOK, 'out/far.playbook.yaml': ODD_TERM_PLAYBOOK.replace('odd-stage', 'far-stage') });
    try {
      const run = runCli(['--format', 'sarif', '.', '../out'], { cwd: path.join(p.dir, 'in') });
      assert.equal(run.code, 1, run.stderr);
      const log = JSON.parse(run.stdout) as Sarif.Log;
      assertValid(log);
      const uris = log.runs[0].results!.map((r) => r.locations![0].physicalLocation!.artifactLocation!);
      assert.deepEqual(
        uris.find((u) => u.uriBaseId),
        { uri: "odd%2525%20name%3A1%2C2%20%3C%26%22'%3E.playbook.yaml", uriBaseId: '%SRCROOT%' },
      );
      assert.deepEqual(
        uris.find((u) => !u.uriBaseId),
        { uri: pathToFileURL(path.join(p.dir, 'out/far.playbook.yaml')).href },
      );
      assert.equal(decodeURIComponent(uris.find((u) => u.uriBaseId)!.uri!), ODD_NAME);
    } finally {
      p.cleanup();
    }
  });
});

/** Undoes @actions/core escaping, to compare with the original text. */
function unescapeGithub(s: string): string {
  return s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
}

function parseCommand(line: string): { command: string; props: Record<string, string>; message: string } {
  const m = /^::(\w+) ([^:]*)::(.*)$/.exec(line);
  assert.ok(m, `a workflow command: ${line}`);
  const props: Record<string, string> = {};
  for (const pair of m[2].split(',')) {
    const eq = pair.indexOf('=');
    props[pair.slice(0, eq)] = unescapeGithub(pair.slice(eq + 1));
  }
  assert.doesNotMatch(m[3], /[\r\n]/);
  return { command: m[1], props, message: unescapeGithub(m[3]) };
}

describe('--format github', function () {
  this.timeout(CLI_TIMEOUT_MS);
  it('prints one workflow command per diagnostic with 1-based positions and the rule as title', () => {
    const run = runCli(['--format', 'github'], { cwd: rich.dir });
    assert.equal(run.code, 1, run.stderr);
    const lines = run.stdout.trimEnd().split('\n');
    const commands = lines.filter((l) => l.startsWith('::')).map(parseCommand);
    const got: Expected[] = commands.map(({ command, props }) => ({
      path: props.file,
      rule: props.title,
      severity: ({ error: 'error', warning: 'warning', notice: 'info' } as const)[command as 'error' | 'warning' | 'notice'],
      line: Number(props.line),
      column: Number(props.col),
      endLine: Number(props.endLine),
      endColumn: Number(props.endColumn),
    }));
    assert.deepEqual(core(got), RICH_EXPECTED);
    for (const c of commands) assert.deepEqual(Object.keys(c.props), ['file', 'line', 'col', 'endLine', 'endColumn', 'title']);
    assert.match(commands.find((c) => c.props.title === 'undefined-term')!.message, /"champ" is not defined/);
    assert.match(lines.at(-1)!, /^✖ .* in 3 files$/, 'a plain summary line ends the output');
  });

  it('uses ::notice for info diagnostics', () => {
    const p = makeProject({ 'x.playbook.yaml': ONE_WARNING });
    try {
      const run = runCli(['--format', 'github', '--rule', 'tactic-missing-deviation=info'], { cwd: p.dir });
      assert.equal(run.code, 0, run.stderr);
      const commands = run.stdout
        .split('\n')
        .filter((l) => l.startsWith('::'))
        .map(parseCommand);
      const mine = commands.filter((c) => c.props.title === 'tactic-missing-deviation');
      assert.deepEqual(
        mine.map((c) => [c.command, c.props.line, c.props.col]),
        [['notice', '7', '13']],
      );
    } finally {
      p.cleanup();
    }
  });

  it('escapes %, CR/LF, ":" and "," in file names and % in messages', () => {
    const name = `we%ird\r\nname:with,commas.playbook.yaml`;
    const p = makeProject({ [name]: ODD_TERM_PLAYBOOK.replace('[[a<&\\"\'>\\u0001b]]', '[[100% sure]]') });
    try {
      const run = runCli(['--format', 'github'], { cwd: p.dir });
      assert.equal(run.code, 1, run.stderr);
      const line = run.stdout.split('\n').find((l) => l.startsWith('::error '))!;
      assert.ok(line.startsWith('::error file=we%25ird%0D%0Aname%3Awith%2Ccommas.playbook.yaml,line=5,col='), line);
      const c = parseCommand(line);
      assert.equal(c.props.file, name);
      assert.match(line, /::"100%25 sure" is not defined/);
      assert.match(c.message, /^"100% sure" is not defined/);
    } finally {
      p.cleanup();
    }
  });
});

describe('--format junit', function () {
  this.timeout(CLI_TIMEOUT_MS);
  function suites(root: XmlElement): XmlElement[] {
    assert.equal(root.name, 'testsuites');
    return childrenNamed(root, 'testsuite');
  }

  it('has one testsuite per file, one testcase per diagnostic, failures for errors and warnings, a passing case for clean files', () => {
    const run = runCli(['--format', 'junit'], { cwd: rich.dir });
    assert.equal(run.code, 1, run.stderr);
    assert.ok(run.stdout.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n'));
    const root = parseXml(run.stdout);
    const all = suites(root);
    assert.deepEqual(
      all.map((s) => s.attributes.name),
      ['playbooks/a.playbook.yaml', 'playbooks/b.playbook.yaml', 'vocabulary/sales.vocabulary.yaml'],
    );
    let tests = 0;
    let failures = 0;
    const got: Expected[] = [];
    for (const suite of all) {
      const cases = childrenNamed(suite, 'testcase');
      assert.equal(Number(suite.attributes.tests), cases.length);
      const failing = cases.filter((c) => childrenNamed(c, 'failure').length === 1);
      assert.equal(Number(suite.attributes.failures), failing.length);
      assert.equal(suite.attributes.errors, '0');
      tests += cases.length;
      failures += failing.length;
      for (const c of cases) {
        assert.equal(c.attributes.classname, suite.attributes.name);
        const failure = childrenNamed(c, 'failure')[0];
        const m = /^(\S+) \((\d+):(\d+)\)$/.exec(c.attributes.name);
        if (!m) continue;
        if (failure) {
          assert.ok(['error', 'warning'].includes(failure.attributes.type));
          assert.ok(failure.attributes.message.length > 0);
          assert.ok(
            failure.text.startsWith(`${suite.attributes.name}:${m[2]}:${m[3]} ${failure.attributes.type} ${failure.attributes.message} (${m[1]})`),
            failure.text,
          );
          assert.ok(failure.text.includes(`\n${pathToFileURL(path.join(REPO_ROOT, 'docs/rules'))}/`), `the installed rule page: ${failure.text}`);
        }
        const e = RICH_EXPECTED.find((x) => x.path === suite.attributes.name && x.rule === m[1] && x.line === Number(m[2]) && x.column === Number(m[3]));
        if (e) got.push({ ...e, severity: failure ? (failure.attributes.type as Expected['severity']) : 'info' });
      }
    }
    assert.deepEqual(got, RICH_EXPECTED);
    assert.equal(Number(root.attributes.tests), tests);
    assert.equal(Number(root.attributes.failures), failures);
    const clean = all.find((s) => s.attributes.name === 'vocabulary/sales.vocabulary.yaml')!;
    const cleanCases = childrenNamed(clean, 'testcase');
    if (cleanCases.length === 1 && cleanCases[0].attributes.name === 'no problems') assert.equal(cleanCases[0].children.length, 0);
    else
      assert.ok(
        cleanCases.every((c) => childrenNamed(c, 'failure').length === 0),
        'only infos in the clean file',
      );
  });

  it('escapes XML specials and control characters in messages and file names', () => {
    const p = makeProject({ [ODD_NAME]: ODD_TERM_PLAYBOOK });
    try {
      const run = runCli(['--format', 'junit'], { cwd: p.dir });
      assert.equal(run.code, 1, run.stderr);
      assert.ok(!run.stdout.includes('\u0001'), 'the raw control character is not in the XML');
      const root = parseXml(run.stdout); // throws on anything not well-formed
      const [suite] = suites(root);
      assert.equal(suite.attributes.name, ODD_NAME);
      const failure = childrenNamed(childrenNamed(suite, 'testcase')[0], 'failure')[0];
      assert.ok(failure.attributes.message.startsWith(`"a<&"'>\\u0001b" is not defined`), failure.attributes.message);
      assert.ok(failure.text.startsWith(`${ODD_NAME}:5:`), failure.text);
      assert.ok(failure.text.includes('\n'), 'the line break in the text survives');
    } finally {
      p.cleanup();
    }
  });
});

describe('every format', function () {
  this.timeout(CLI_TIMEOUT_MS);
  it('reports the same 1-based positions (stylish, json, sarif, github, junit)', () => {
    const json = JSON.parse(runCli(['-f', 'json'], { cwd: rich.dir }).stdout);
    const fromJson = json.files.flatMap((f: { path: string; diagnostics: { line: number; column: number }[] }) =>
      f.diagnostics.map((d) => `${f.path}:${d.line}:${d.column}`),
    );
    const stylish = runCli(['-f', 'stylish'], { cwd: rich.dir }).stdout;
    const github = runCli(['-f', 'github'], { cwd: rich.dir }).stdout;
    const sarif = JSON.parse(runCli(['-f', 'sarif'], { cwd: rich.dir }).stdout) as Sarif.Log;
    const fromSarif = sarif.runs[0].results!.map((r) => {
      const l = r.locations![0].physicalLocation!;
      return `${l.artifactLocation!.uri}:${l.region!.startLine}:${l.region!.startColumn}`;
    });
    assert.deepEqual(fromSarif, fromJson);
    for (const where of fromJson) {
      assert.ok(stylish.includes(`${where} `), `stylish has ${where}`);
      const [file, line, col] = where.split(':');
      assert.ok(github.includes(`file=${file},line=${line},col=${col},`), `github has ${where}`);
    }
  });
});
