/**
 * The first indexing pass: closed playbooks analysed once, in worker threads or
 * in the server's own thread, with their first diagnostics reused only while
 * what they depend on is unchanged; and the lean form the workspace keeps of
 * closed files. The server runs over the real protocol; the workspace and the
 * lean exports are also driven directly.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { lintFile } from '../../server/src/core/lint';
import { exportsOf, type FileExports } from '../../server/src/core/project/exports';
import { readAnalysis } from '../../server/src/node/project-run';
import { factsOf, type FileFacts } from '../../server/src/services/facts';
import { InlineIndexer, type Indexer } from '../../server/src/services/inline-indexer';
import { leanExports, packExports, packPosition, unpackExports, unpackPosition } from '../../server/src/core/project/lean-exports';
import { ownCopy } from '../../server/src/core/strings';
import { leanFacts } from '../../server/src/services/lean-facts';
import { nodeHost } from '../../server/src/node/node-host';
import { Workspace, type WorkspaceHost } from '../../server/src/services/workspace';
import { FULL_CAPABILITIES, LspClient, sample, tempCopy, uriOf } from './support/client';

const PUSH_CAPABILITIES = { ...FULL_CAPABILITIES, textDocument: { ...FULL_CAPABILITIES.textDocument, diagnostic: undefined } };

/** Resolves when the server has no file waiting to be re-checked. */
async function idle(client: LspClient): Promise<void> {
  const started = Date.now();
  while ((await client.request('playbook-lint/stats', {})).pendingChecks !== 0) {
    if (Date.now() - started > 20000) throw new Error('the server kept files pending for 20 s');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * The server on a copy of samples/with-problems, its first pass in `threads` worker threads
 * (0: its own thread): `body` runs once the pass is done and nothing is pending; then the
 * server stops and the copy goes.
 */
async function onIndexedSample<T>(threads: number, body: (client: LspClient, dir: string) => Promise<T>): Promise<T> {
  const saved = process.env.PLAYBOOK_LINT_INDEX_THREADS;
  process.env.PLAYBOOK_LINT_INDEX_THREADS = String(threads);
  const { dir, cleanup } = tempCopy(sample('with-problems'));
  const client = await LspClient.start({ folders: [dir], capabilities: PUSH_CAPABILITIES });
  try {
    await client.waitIndexed();
    await idle(client);
    return await body(client, dir);
  } finally {
    await client.stop();
    cleanup();
    if (saved === undefined) delete process.env.PLAYBOOK_LINT_INDEX_THREADS;
    else process.env.PLAYBOOK_LINT_INDEX_THREADS = saved;
  }
}

/** What the FileExports and FileFacts interfaces promise, as plain data (lean objects compute their locations). */
function plainExports(e: FileExports) {
  return JSON.parse(
    JSON.stringify({
      path: e.path,
      kind: e.kind,
      terms: e.terms,
      ids: e.ids.map((i) => ({ id: i.id, kind: i.kind, label: i.label, location: i.location })),
      termUses: e.termUses.map((u) => ({ key: u.key, name: u.name, location: u.location })),
      seeAlso: e.seeAlso,
      insertion: e.insertion,
    }),
  );
}

function plainFacts(f: FileFacts) {
  return { hash: f.hash, length: f.length, seeAlso: f.seeAlso.map((s) => ({ name: s.name, key: s.key, target: s.target, location: s.location })) };
}

describe('lsp: indexing', function () {
  this.timeout(60000);

  describe('worker threads', () => {
    /** Every file's pushed diagnostics after indexing, and after an unsaved vocabulary edit. */
    function run(threads: number): Promise<{ indexed: Record<string, Diagnostic[]>; edited: Record<string, Diagnostic[]>; usedThreads: unknown }> {
      return onIndexedSample(threads, async (client, dir) => {
        // Keyed by path in the project, and with the (temporary) project folder out of related locations.
        const snapshot = () => {
          const out: Record<string, Diagnostic[]> = {};
          for (const [uri, d] of client.pushed)
            out[path.relative(dir, decodeURIComponent(new URL(uri).pathname))] = JSON.parse(JSON.stringify(d).split(uriOf(dir)).join('<project>'));
          return out;
        };
        const indexed = snapshot();
        const usedThreads = (await client.request('playbook-lint/stats', {})).indexThreads;
        // The coaching vocabulary loses a term: playbooks using it get undefined-term.
        const vocab = path.join(dir, 'vocabulary/coaching.vocabulary.yaml');
        const text = readFileSync(vocab, 'utf8');
        await client.open(vocab, text);
        const before = client.pushLog.length;
        await client.change(vocab, text.replace('term: Economic buyer', 'term: Budget holder').replace('[economic buyers]', '[budget holders]'));
        await client.waitFor(() => client.pushLog.length > before, 'diagnostics after the vocabulary edit');
        await idle(client);
        return { indexed, edited: snapshot(), usedThreads };
      });
    }

    it('reports exactly what one thread reports, before and after an edit', async () => {
      const one = await run(0);
      const two = await run(2);
      assert.equal(one.usedThreads, 0);
      assert.equal(two.usedThreads, 2, 'PLAYBOOK_LINT_INDEX_THREADS=2 indexes in two worker threads');
      assert.ok(
        Object.values(one.indexed).some((d) => d.some((x) => x.code === 'duplicate-id')),
        'project rules ran (phase 2)',
      );
      assert.deepEqual(two.indexed, one.indexed);
      assert.deepEqual(two.edited, one.edited);
    });
  });

  describe('early problems (each playbook’s own problems during the first pass)', () => {
    const PROJECT_RULES = new Set(['duplicate-id', 'unknown-reference', 'unused-term']);
    for (const threads of [0, 2]) {
      it(`${threads ? 'in two worker threads' : 'in the server thread'}: sent before the pass ends, and again only for a file the project rules add to`, async () => {
        await onIndexedSample(threads, async (client, dir) => {
          const end = client.messages.findIndex((m) => m.method === '$/progress' && (m.params as any)?.value?.kind === 'end');
          const pushes = new Map<string, { at: number; diagnostics: Diagnostic[] }[]>();
          client.messages.forEach((m, at) => {
            if (m.method !== 'textDocument/publishDiagnostics') return;
            const p = m.params as { uri: string; diagnostics: Diagnostic[] };
            pushes.set(p.uri, [...(pushes.get(p.uri) ?? []), { at, diagnostics: p.diagnostics }]);
          });
          const playbooks = ['renewal', 'team-expansion'].map((n) => uriOf(path.join(dir, `playbooks/${n}.playbook.yaml`)));
          let added = 0;
          for (const uri of playbooks) {
            const sent = pushes.get(uri) ?? [];
            assert.ok(sent.length > 0 && sent[0].at < end, `${uri}: its own problems are sent before the pass ends`);
            const final = sent[sent.length - 1].diagnostics;
            const fromProjectRules = final.filter((d) => PROJECT_RULES.has(String(d.code)));
            assert.ok(!sent[0].diagnostics.some((d) => PROJECT_RULES.has(String(d.code))), `${uri}: the early problems are the file's own`);
            // Nothing shown early is taken back: the final set is the early one plus the project rules' findings.
            const key = (d: Diagnostic) => JSON.stringify([d.range, d.code, d.message]);
            assert.deepEqual(
              final
                .filter((d) => !PROJECT_RULES.has(String(d.code)))
                .map(key)
                .sort(),
              sent[0].diagnostics.map(key).sort(),
              uri,
            );
            assert.equal(sent.length, fromProjectRules.length ? 2 : 1, `${uri}: sent again only when the project rules add to it`);
            added += fromProjectRules.length;
          }
          assert.ok(added > 0, 'a project rule (duplicate-id) adds to one of them');
          assert.equal((await client.request('playbook-lint/stats', {})).indexThreads, threads);
        });
      });
    }
  });

  describe('first-pass diagnostics', () => {
    interface Hooks {
      /** After the indexer's first batch (one file): later files are analysed against the vocabularies as they were. */
      afterFirstBatch?: (ws: Workspace, dir: string) => void;
      /** After the first pass (the indexer is closed): phase 1's results are in, the project rules run at the first lint. */
      afterPass?: (ws: Workspace, dir: string) => void;
    }

    function hostWith(hooks: Hooks, ws: () => Workspace, dir: string, reads: string[]): WorkspaceHost {
      return {
        ...nodeHost,
        readAnalysis: (p, kind) => {
          reads.push(p);
          return nodeHost.readAnalysis(p, kind);
        },
        createIndexer: () => {
          const inner = new InlineIndexer(nodeHost.readAnalysis);
          let first = true;
          const indexer: Indexer = {
            threads: 0,
            batchBytes: 1, // one file per batch
            setup: (p) => inner.setup(p),
            analyze: async (id, files) => {
              const out = await inner.analyze(id, files);
              if (first) {
                first = false;
                hooks.afterFirstBatch?.(ws(), dir);
              }
              return out;
            },
            drop: (id) => inner.drop(id),
            close: async () => {
              await inner.close();
              hooks.afterPass?.(ws(), dir);
            },
          };
          return indexer;
        },
      };
    }

    /**
     * Indexes a copy of with-problems, runs the hooks, then lints every file the way the
     * server does; each result must equal a fresh lint from disk against the final index.
     * Returns the results, by file, and the playbooks the workspace read again to lint them.
     */
    async function check(hooks: Hooks): Promise<Map<string, unknown> & { reread?: string[] }> {
      const { dir, cleanup } = tempCopy(sample('with-problems'));
      try {
        const reads: string[] = [];
        const ws: Workspace = new Workspace(hostWith(hooks, () => ws, dir, reads));
        await ws.addFolder(dir);
        reads.length = 0;
        const project = ws.projectOf(`${dir}/x`)!;
        const results = new Map<string, unknown>();
        for (const p of ws.reportedPaths()) {
          if (p.endsWith('.playbook-lint.yaml') || ws.docs.has(p)) continue;
          const fresh = lintFile(readAnalysis(p, p.includes('.vocabulary.') ? 'vocabulary' : 'playbook'), project.index, project.config);
          const got = ws.lint(p);
          assert.deepEqual(got, fresh, path.relative(dir, p));
          results.set(path.relative(dir, p), JSON.parse(JSON.stringify(got).split(dir).join('<project>')));
        }
        return Object.assign(results, { reread: reads.filter((r) => r.includes('.playbook.')).map((r) => path.relative(dir, r)) });
      } finally {
        cleanup();
      }
    }

    const differs = (a: Map<string, unknown>, b: Map<string, unknown>, file: string) =>
      assert.notDeepEqual(a.get(file), b.get(file), `the edit changes ${file}`);

    it('are used when nothing changed, and dropped when a vocabulary edit made during indexing changes them', async () => {
      const unchanged = await check({});
      assert.deepEqual(unchanged.reread, [], 'no playbook read twice');
      const edited = await check({
        afterFirstBatch: (ws, dir) => {
          const vocab = `${dir}/vocabulary/coaching.vocabulary.yaml`;
          ws.open(
            vocab,
            readFileSync(vocab, 'utf8').replace('term: Economic buyer', 'term: Budget holder').replace('[economic buyers]', '[budget holders]'),
            1,
          );
        },
      });
      differs(unchanged, edited, 'playbooks/renewal.playbook.yaml');
    });

    it('are dropped for a playbook changed on disk after it was read', async () => {
      const unchanged = await check({});
      const edited = await check({
        afterFirstBatch: (ws, dir) => {
          // The first batch (broken.playbook.yaml) is read but not stored yet.
          const file = `${dir}/playbooks/broken.playbook.yaml`;
          writeFileSync(file, readFileSync(file, 'utf8').replace('go-live date.', 'go-live date."'));
          ws.diskChanged([{ path: file, type: 'changed' }]);
        },
      });
      differs(unchanged, edited, 'playbooks/broken.playbook.yaml');
    });

    it('are dropped when a playbook changed on disk after the first pass changes them', async () => {
      const unchanged = await check({});
      const edited = await check({
        afterPass: (ws, dir) => {
          const file = `${dir}/playbooks/renewal.playbook.yaml`;
          writeFileSync(file, readFileSync(file, 'utf8').replace('id: early-renewal-quote', 'id: early-renewal-quote-b'));
          ws.diskChanged([{ path: file, type: 'changed' }]);
        },
      });
      // team-expansion's early-renewal-quote is no longer a duplicate.
      differs(unchanged, edited, 'playbooks/team-expansion.playbook.yaml');
    });

    it('are dropped for a playbook whose text (not its ids) changed on disk after the first pass', async () => {
      const unchanged = await check({});
      const edited = await check({
        afterPass: (ws, dir) => {
          const file = `${dir}/playbooks/renewal.playbook.yaml`;
          writeFileSync(file, readFileSync(file, 'utf8').replace('why: Because it is best practice.', 'why: ""'));
          ws.diskChanged([{ path: file, type: 'changed' }]);
        },
      });
      differs(unchanged, edited, 'playbooks/renewal.playbook.yaml');
    });
  });

  describe('lean exports', () => {
    const file = path.join(sample('with-problems'), 'playbooks/team-expansion.playbook.yaml');

    it('hold the same exports and facts as the analysis gives', () => {
      const analysis = readAnalysis(file, 'playbook');
      const e = exportsOf(analysis);
      assert.ok(e.ids.length && e.termUses.length, 'the sample has ids and term uses');
      assert.deepEqual(plainExports(leanExports(e)), plainExports(e));
      assert.deepEqual(plainExports(unpackExports(structuredClone(packExports(e)))), plainExports(e));
      assert.deepEqual(plainFacts(leanFacts(factsOf(analysis), file)), plainFacts(factsOf(analysis)));
      const vocab = path.join(sample('with-problems'), 'vocabulary/coaching.vocabulary.yaml');
      const v = exportsOf(readAnalysis(vocab, 'vocabulary'));
      assert.ok(v.terms.length && v.insertion);
      assert.deepEqual(plainExports(leanExports(v)), plainExports(v));
    });

    it('pack positions exactly, even past 65535 characters on a line', () => {
      for (const [line, character] of [
        [0, 0],
        [32767, 65535],
        [40000, 12],
        [3, 65536],
        [2_000_000, 9_000_000],
      ]) {
        assert.deepEqual(unpackPosition(packPosition(line, character)), { line, character });
      }
    });

    it('copy strings without changing them', () => {
      const text = `  “quoted” ${'x'.repeat(40)} plain ascii tail ${'y'.repeat(20)}`;
      for (const s of [text.slice(2, 30), text.slice(12, 60), text.slice(0, 5), '', 'é']) assert.equal(ownCopy(s), s);
    });
  });

  it('stays usable with a file opened and edited while indexing', async () => {
    const { dir, cleanup } = tempCopy(sample('with-problems'));
    const client = await LspClient.start({ folders: [dir], capabilities: PUSH_CAPABILITIES });
    try {
      const file = path.join(dir, 'playbooks/renewal.playbook.yaml');
      const text = readFileSync(file, 'utf8');
      await client.open(file, text);
      await client.change(file, text.replace('[[', '[[not-a-term]] [['));
      await client.waitIndexed();
      const d = await client.waitDiagnostics(file, (x) => x.some((y) => String(y.message).includes('not-a-term')), 'the edit checked');
      assert.ok(d.length > 0);
      assert.ok(client.pushed.has(uriOf(path.join(dir, 'playbooks/team-expansion.playbook.yaml'))));
    } finally {
      await client.stop();
      cleanup();
    }
  });
});
