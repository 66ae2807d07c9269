/** Loading `.playbook-lint.yaml`: every problem names the file, the place, the key and what is allowed. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { toPosix } from '../../server/src/node/discover';
import { ConfigError, loadConfig } from '../../server/src/node/project-run';

describe('config loading', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'playbook-lint-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function load(text: string | Buffer): ReturnType<typeof loadConfig> {
    const file = path.join(dir, '.playbook-lint.yaml');
    writeFileSync(file, text);
    return loadConfig(file, dir);
  }

  function problem(text: string | Buffer): string {
    try {
      load(text);
    } catch (error) {
      assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${error}`);
      return error.message;
    }
    assert.fail('the config was accepted');
  }

  const file = () => toPosix(path.join(dir, '.playbook-lint.yaml'));

  it('loads severities, rule settings, vocabulary and ignore globs', () => {
    const config = load(
      'vocabulary: ["vocabulary/*.vocabulary.yaml"]\nignore: ["drafts/**"]\nrules:\n  undefined-term: warning\n  tactic-missing-deviation:\n    severity: error\n',
    );
    assert.deepEqual(config.vocabulary, ['vocabulary/*.vocabulary.yaml']);
    assert.deepEqual(config.ignore, ['drafts/**']);
    assert.equal(config.rules['undefined-term'].severity, 'warning');
    assert.equal(config.rules['tactic-missing-deviation'].severity, 'error');
    assert.equal(config.file, file());
  });

  it('an empty config (or only comments) is the defaults', () => {
    assert.deepEqual(load('').rules, {});
    assert.deepEqual(load('# nothing yet\n').rules, {});
  });

  it('an invalid severity names the file, the line, the rule and the allowed severities', () => {
    const message = problem('rules:\n  tactic-missing-why: fatal\n');
    assert.equal(message, `${file()}:2:23: rules.tactic-missing-why: "fatal" is not allowed; use one of error, warning, info, off (did you mean "error"?)`);
  });

  it('every problem of a config in one run, in line order, with "did you mean" for the severities of other linters', () => {
    const lines = problem(
      'vocabulary: "x"\nrules:\n  tactic-missing-why: warn\n  undefined-term: err\n  unused-term: none\n  schemma: error\nextra: 1\nignore: 3\n',
    ).split('\n');
    assert.deepEqual(
      lines.map((l) =>
        l
          .replace(`${file()}:`, '')
          .replace(/;.*\(did you mean/, ' … (did you mean')
          .replace(/; .*$/, ''),
      ),
      [
        '1:13: vocabulary: must be a list, not text',
        '3:23: rules.tactic-missing-why: "warn" is not allowed … (did you mean "warning"?)',
        '4:19: rules.undefined-term: "err" is not allowed … (did you mean "error"?)',
        '5:16: rules.unused-term: "none" is not allowed … (did you mean "off"?)',
        '6:3: rules: unknown key "schemma" … (did you mean "schema"?)',
        '7:1: top level of .playbook-lint.yaml: unknown key "extra"',
        '8:9: ignore: must be a list, not the number 3',
      ],
    );
  });

  it('an invalid severity in the mapping form too', () => {
    const message = problem('rules:\n  tactic-missing-why:\n    severity: high\n');
    assert.equal(message, `${file()}:3:15: rules.tactic-missing-why.severity: "high" is not allowed; use one of error, warning, info, off`);
  });

  it('a severity of the wrong type says what is allowed', () => {
    assert.match(
      problem('rules:\n  schema: 1\n'),
      /:2:11: rules\.schema: must be a severity \(error, warning, info or off\) or a mapping with "severity", not the number 1$/,
    );
    assert.match(problem('rules:\n  schema:\n'), /:2:3: rules\.schema: has no value; it must be a severity \(error, warning, info or off\)/);
  });

  it('an unknown rule id names it, lists the rule ids and suggests the closest', () => {
    const message = problem('rules:\n  tactic-missing-whyy: error\n');
    assert.ok(message.startsWith(`${file()}:2:3: rules: unknown key "tactic-missing-whyy"; allowed keys are `), message);
    assert.match(message, /allowed keys are [a-z-]+(, [a-z-]+)*.*tactic-missing-why/);
    assert.match(message, /\(did you mean "tactic-missing-why"\?\)$/);
  });

  it('an unknown top-level key names it and lists vocabulary, ignore and rules', () => {
    assert.equal(
      problem('vocabularies: ["vocabulary/*.yaml"]\n'),
      `${file()}:1:1: top level of .playbook-lint.yaml: unknown key "vocabularies"; allowed keys are vocabulary, ignore, rules (did you mean "vocabulary"?)`,
    );
  });

  it('a glob list written as one string says a list is needed', () => {
    assert.equal(problem('ignore: "drafts/**"\n'), `${file()}:1:9: ignore: must be a list, not text`);
  });

  it('reports every problem of the file, one per line', () => {
    const message = problem('colour: yes\nrules:\n  schema: loud\n');
    assert.equal(message.split('\n').length, 2);
  });

  it('a YAML syntax error in the config is a config problem with its position', () => {
    assert.match(problem('rules:\n  schema: "error\n'), /:3:1: the double quote \(\"\) opened at line 2, column 11 is never closed/);
  });

  it('a config that is not UTF-8 text, or is a folder, is a clear problem', () => {
    assert.match(
      problem(Buffer.from([0x72, 0x75, 0x6c, 0x65, 0x73, 0x3a, 0x20, 0xff, 0x0a])),
      /cannot read the config file: This file is not valid UTF-8 text/,
    );
    const folder = path.join(dir, 'sub');
    mkdirSync(path.join(folder, '.playbook-lint.yaml'), { recursive: true });
    assert.throws(() => loadConfig(path.join(folder, '.playbook-lint.yaml'), folder), /cannot read the config file: it is a folder, not a file/);
  });

  it('globs that leave the project root are refused', () => {
    assert.match(problem('ignore: ["../other/**"]\n'), /globs must stay inside the project root; remove or rewrite "\.\.\/other\/\*\*"/);
  });

  it('a glob that leaves the root is refused at the glob, naming its key, in every spelling (backslashes, drives, braces)', () => {
    assert.match(
      problem('vocabulary: ["v/*.vocabulary.yaml", "..\\\\/x/*.vocabulary.yaml"]\n'),
      /:1:37: vocabulary\[1\]: globs must stay inside the project root; remove or rewrite "\.\.\\\/x\/\*\.vocabulary\.yaml", which goes up out of the root with "\.\."/,
    );
    assert.match(problem('ignore:\n  - drafts/**\n  - "..\\\\\\\\x"\n'), /:3:5: ignore\[1\]: globs must stay inside the project root/);
    for (const glob of ['C:/x/*', 'c:\\\\x', '/abs/**', '{a,/abs}/*', '{..,x}/y/*', '.{.,}/y/*', '\\\\.\\\\./y/*', '@(..|x)/y', '**/../../x']) {
      assert.match(problem(`vocabulary: ["${glob}"]\n`), /inside the project root/, glob);
    }
  });

  it('globs that stay inside the root are accepted', () => {
    for (const glob of [
      'vocabulary/*.vocabulary.yaml',
      'x/{1..3}/*.yaml',
      '*.{yaml,yml}',
      'a..b/*.yaml',
      '..notes/*',
      'notes\\\\[1\\\\].vocabulary.yaml',
      './v/*.yaml',
    ]) {
      assert.deepEqual(load(`vocabulary: ["${glob}"]\n`).vocabulary?.length, 1, glob);
    }
  });
});
