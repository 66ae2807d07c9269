/**
 * The outputs shown in the user docs are real: each example marked with
 * `<!-- example … -->` in README.md and docs/*.md is run with the built CLI on
 * the files it names, and its output must be what the docs show, character for
 * character (so the docs cannot drift from the tool). Every text block that shows a
 * `$ playbook-lint` command in README.md, docs/cli.md and docs/ci.md must be marked.
 *
 * The marker, on the line before the block:
 *   <!-- example in=DIR [before="playbook-lint ARGS"] [run="playbook-lint ARGS"] -->
 * DIR is a folder of this repository copied to a scratch folder (`empty`: an empty
 * one; `copy=DIR` instead puts the folder at the same path in the scratch folder); `before` runs first (its output is not shown); `run` is the command whose
 * output the block holds. Without `run`, the block holds `$ command` lines, each
 * followed by its output, run one after the other in the same folder. The output is
 * standard error, then standard output, as a terminal without colours shows them.
 * `<!-- example-file path=FILE -->` before a block: the block is that file of the
 * repository, as it is (the input an example runs on).
 *
 * After changing a message: `UPDATE_DOC_EXAMPLES=1 npx mocha test/cli/docs-examples.test.ts`
 * writes the real outputs into the docs (then read the diff).
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../support/paths';
import { runCli } from './helpers';

interface Example {
  file: string;
  line: number;
  attrs: Record<string, string>;
  body: string;
}

const MARKER = /^<!-- example((?:\s+\w+=(?:"[^"]*"|\S+))*)\s*-->$/;
const FILE_MARKER = /^<!-- example-file path=(\S+) -->$/;
/** Where the docs say the rule pages are: an install in a team's repository, not this checkout. */
const SHOWN_DOCS_ROOT = 'file:///home/me/team-playbooks/node_modules/playbook-lint/';

function docsFiles(): string[] {
  const docs = readdirSync(path.join(REPO_ROOT, 'docs'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.md'));
  return ['README.md', ...docs.map((f) => `docs/${f}`)];
}

function examplesIn(file: string): { examples: Example[]; unmarked: number[]; inputs: { line: number; path: string; body: string }[] } {
  const lines = readFileSync(path.join(REPO_ROOT, file), 'utf8').split('\n');
  const examples: Example[] = [];
  const unmarked: number[] = [];
  const inputs: { line: number; path: string; body: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^```/.test(lines[i])) continue;
    const end = lines.indexOf('```', i + 1);
    const body = lines.slice(i + 1, end).join('\n');
    const marker = MARKER.exec(lines[i - 1] ?? '');
    const input = FILE_MARKER.exec(lines[i - 1] ?? '');
    if (input) inputs.push({ line: i + 1, path: input[1], body });
    else if (marker) {
      const attrs: Record<string, string> = {};
      for (const m of marker[1].matchAll(/(\w+)=(?:"([^"]*)"|(\S+))/g)) attrs[m[1]] = m[2] ?? m[3];
      // `$ cd samples/acme && playbook-lint`: the folder to run in, unless `in` names one.
      attrs.in ??= /^\$ cd (\S+) && /.exec(body)?.[1] ?? 'empty';
      examples.push({ file, line: i + 1, attrs, body });
    } else if (/^\$ (cd \S+ && )?(npx )?playbook-lint/m.test(body)) unmarked.push(i + 1);
    i = end;
  }
  return { examples, unmarked, inputs };
}

/** `playbook-lint a 'b c'` → ['a', 'b c'] (the only shell the examples use: words and single quotes). */
function argsOf(command: string): string[] {
  const words = [...command.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]);
  const at = words.findIndex((w) => w === 'playbook-lint');
  assert.ok(at >= 0 && words.slice(0, at).every((w) => w === 'npx'), `not a playbook-lint command: ${command}`);
  return words.slice(at + 1);
}

function outputOf(dir: string, command: string): string {
  const run = runCli(argsOf(command), { cwd: dir, env: { COLUMNS: '100' } });
  const docsRoot = `${pathToFileURL(REPO_ROOT).href}/`;
  return (run.stderr + run.stdout).replaceAll(docsRoot, SHOWN_DOCS_ROOT).replace(/\n+$/, '');
}

/** The commands of a block and the output each shows. */
function steps(example: Example): { command: string; shown: string }[] {
  if (example.attrs.run) return [{ command: example.attrs.run, shown: example.body }];
  const out: { command: string; shown: string }[] = [];
  for (const line of example.body.split('\n')) {
    if (line.startsWith('$ ')) out.push({ command: line.slice(2).replace(/^cd \S+ && /, ''), shown: '' });
    else {
      assert.ok(out.length, `${example.file}:${example.line}: output before any $ command`);
      out[out.length - 1].shown += (out[out.length - 1].shown ? '\n' : '') + line;
    }
  }
  return out;
}

/** Writes the real outputs into the example's block (UPDATE_DOC_EXAMPLES). */
function updateExample(example: Example, ran: { command: string; real: string }[]): void {
  const target = path.join(REPO_ROOT, example.file);
  const commandLines = example.body.split('\n').filter((l) => l.startsWith('$ '));
  const body = example.attrs.run ? ran[0].real : ran.map((r, i) => `${commandLines[i]}\n${r.real}`).join('\n');
  // Found by its old text: an earlier update may have moved it.
  const text = readFileSync(target, 'utf8');
  const old = `\n${example.body}\n\`\`\``;
  assert.ok(text.includes(old), `${example.file}:${example.line}: block not found`);
  writeFileSync(
    target,
    text.replace(old, () => `\n${body}\n\`\`\``),
  );
}

function scratchCopy(attrs: Record<string, string>): { dir: string; cleanup: () => void } {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'playbook-lint-docs-')));
  if (attrs.copy) cpSync(path.join(REPO_ROOT, attrs.copy), path.join(dir, attrs.copy), { recursive: true });
  else if (attrs.in !== 'empty') cpSync(path.join(REPO_ROOT, attrs.in), dir, { recursive: true });
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

describe('the outputs shown in the docs', function () {
  this.timeout(120_000);
  const all = docsFiles().map((f) => ({ file: f, ...examplesIn(f) }));

  it('every block showing a $ playbook-lint command in README.md, docs/cli.md and docs/ci.md is marked as an example', () => {
    const unmarked = all.filter((f) => ['README.md', 'docs/cli.md', 'docs/ci.md'].includes(f.file)).flatMap((f) => f.unmarked.map((l) => `${f.file}:${l}`));
    assert.deepEqual(unmarked, []);
    assert.ok(all.reduce((n, f) => n + f.examples.length, 0) >= 8, 'the examples are found');
  });

  for (const { file, inputs } of all) {
    for (const input of inputs) {
      it(`${file}:${input.line} shows ${input.path} as it is`, () => {
        assert.equal(`${input.body}\n`, readFileSync(path.join(REPO_ROOT, input.path), 'utf8'));
      });
    }
  }

  for (const { file, examples } of all) {
    for (const example of examples) {
      it(`${file}:${example.line} is what the CLI prints`, () => {
        const { dir, cleanup } = scratchCopy(example.attrs);
        try {
          if (example.attrs.before) outputOf(dir, example.attrs.before);
          const ran = steps(example).map((step) => ({ ...step, real: outputOf(dir, step.command) }));
          if (process.env.UPDATE_DOC_EXAMPLES) updateExample(example, ran);
          else for (const { command, shown, real } of ran) assert.equal(real, shown, `${file}:${example.line}: ${command}`);
        } finally {
          cleanup();
        }
      });
    }
  }
});
