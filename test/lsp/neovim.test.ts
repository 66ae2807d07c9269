/**
 * The language server driven by a real editor other than VS Code: Neovim's built-in LSP
 * client (Debian's Neovim 0.7 is the minimal client the issue names: no pull diagnostics,
 * no file watchers, no dynamic registration, no snippets). Skipped, never passed, when
 * `nvim` is not installed (`apt-get install neovim`; .ci/run installs it).
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { SERVER } from '../support/paths';
import { sample, tempCopy } from './support/client';

function neovimVersion(): string | undefined {
  try {
    return execFileSync('nvim', ['--version'], { encoding: 'utf8', timeout: 10_000 }).split('\n')[0];
  } catch {
    return undefined;
  }
}

interface Seen {
  error?: string;
  steps: string[];
  initialized: boolean;
  original: string;
  hover: string | null;
  undefinedAfterEdit: boolean;
  diagnostics: { code: string; line: number; col: number; message: string }[];
  completion: string[];
  actions: string[];
  lineAfterFix: string;
  clearedAfterFix: boolean;
  zebraUndefined: boolean;
  zebraDefinedFromDisk: boolean;
}

describe('lsp: a real Neovim as the client', function () {
  this.timeout(120_000);
  let seen: Seen;

  before(function () {
    const version = neovimVersion();
    if (!version) {
      console.log('      SKIPPED: nvim is not installed (apt-get install neovim), so the real-Neovim tests cannot run');
      this.skip();
    }
    const { dir, cleanup } = tempCopy(sample('acme'));
    try {
      const out = path.join(dir, 'neovim-result.json');
      const run = spawnSync('nvim', ['--headless', '--clean', '-c', `luafile ${path.join(__dirname, 'neovim/check.lua')}`], {
        env: { ...process.env, PLAYBOOK_ROOT: dir, PLAYBOOK_SERVER: SERVER, PLAYBOOK_OUT: out },
        encoding: 'utf8',
        timeout: 100_000,
      });
      assert.equal(run.status, 0, `nvim exited ${run.status} ${run.signal ?? ''}: ${run.stderr}`);
      seen = JSON.parse(readFileSync(out, 'utf8')) as Seen;
      assert.equal(seen.error, undefined, `the Neovim script failed: ${seen.error}`);
    } finally {
      cleanup();
    }
  });

  it('starts and answers a hover with the definition the moment a file opens', () => {
    assert.ok(seen.initialized);
    assert.match(seen.hover ?? '', /Economic buyer[\s\S]*can release the budget/);
  });

  it('reports an undefined term after an unsaved edit, at the reference, with a suggestion', () => {
    assert.ok(seen.undefinedAfterEdit, JSON.stringify(seen.diagnostics));
    const d = seen.diagnostics.find((x) => x.code === 'undefined-term')!;
    assert.equal(d.line, 8);
    assert.equal(seen.original.slice(0, d.col - 1).endsWith(' an '), true, `column ${d.col} points at the [[…]]`);
    assert.match(d.message, /did you mean "Economic buyer"/);
  });

  it('completes vocabulary terms inside [[ ]]', () => {
    assert.ok(seen.completion.includes('Economic buyer'), seen.completion.join(', '));
  });

  it('offers the quick fixes, and the replacement restores the line byte for byte', () => {
    assert.ok(seen.actions.includes('Change to [[Economic buyer]]'), seen.actions.join(' | '));
    assert.ok(
      seen.actions.some((a) => a.startsWith('Add "economic buyr" to ')),
      seen.actions.join(' | '),
    );
    assert.equal(seen.lineAfterFix, seen.original.replace('[[economic buyer]]', '[[Economic buyer]]'));
    assert.ok(seen.clearedAfterFix, 'the diagnostic goes once the fix is applied');
  });

  it('sees a vocabulary created on disk without file watchers (the server polls)', () => {
    assert.ok(seen.zebraUndefined);
    assert.ok(seen.zebraDefinedFromDisk, 'the new vocabulary on disk defines [[zebra crossing]]');
  });
});
