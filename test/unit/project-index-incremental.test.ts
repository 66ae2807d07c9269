/**
 * A ProjectIndex whose id table, "did you mean" list, term uses and vocabulary list, once built,
 * follow changes one file at a time (the language server's index; the CLI's engine as batches come
 * in) must answer as one built from scratch: driven through random sets and deletes of playbook and
 * vocabulary exports (plain and lean, ids and uses moving, duplicated and vanishing, terms and
 * aliases changing what a use resolves to), it is compared after every step with a fresh ProjectIndex.
 */
import assert from 'node:assert/strict';
import type { FileExports, IdEntry, TermEntry, TermUse } from '../../server/src/core/project/exports';
import { ProjectIndex } from '../../server/src/core/project/project-index';
import { leanExports, packExports, unpackExports } from '../../server/src/core/project/lean-exports';

/** A small deterministic generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const at = (path: string, line: number, character: number) => ({ path, range: { start: { line, character }, end: { line, character: character + 5 } } });

function playbook(path: string, random: () => number): FileExports {
  const ids: IdEntry[] = [];
  const n = Math.floor(random() * 6);
  for (let i = 0; i < n; i++) {
    // Few distinct ids, so that duplicates across files (and within one) are common.
    const id = `id-${Math.floor(random() * 12)}`;
    ids.push({ id, kind: random() < 0.3 ? 'stage' : 'tactic', location: at(path, Math.floor(random() * 40), Math.floor(random() * 10)), label: `label ${i}` });
  }
  const termUses: TermUse[] = [];
  const uses = Math.floor(random() * 4);
  for (let i = 0; i < uses; i++) {
    const key = `name-${Math.floor(random() * 6)}`;
    termUses.push({ key, name: key, location: at(path, Math.floor(random() * 40), Math.floor(random() * 10)) });
  }
  return { path, kind: 'playbook', terms: [], ids, termUses, seeAlso: ids.slice(0, 1).map((e) => e.id) };
}

/** A vocabulary's names: a few of name-0 … name-5, some of them aliases of another, so that uses resolve differently as vocabularies change. */
function termsOf(path: string, random: () => number): TermEntry[] {
  const out: TermEntry[] = [];
  const n = Math.floor(random() * 3);
  for (let i = 0; i < n; i++) {
    const term = `name-${Math.floor(random() * 6)}`;
    const alias = random() < 0.5 ? `name-${Math.floor(random() * 6)}` : undefined;
    const location = at(path, i * 4, 2);
    const entry = { term, termKey: term, isAlias: false, location, entryLocation: location, aliases: alias ? [alias] : [], seeAlso: [] };
    out.push({ ...entry, name: term, key: term });
    if (alias && alias !== term) out.push({ ...entry, name: alias, key: alias, isAlias: true });
  }
  return out;
}

function vocabulary(path: string, random: () => number): FileExports {
  const insertion = random() < 0.5 ? { position: { line: 3, character: 0 }, indent: '  ', needsLeadingNewline: false } : undefined;
  return { path, kind: 'vocabulary', terms: termsOf(path, random), ids: [], termUses: [], seeAlso: [], insertion };
}

/** The tables as plain data, in the order the core promises (each id's list in place order; ids by name). */
function idsOf(index: ProjectIndex) {
  const out: Record<string, unknown[]> = {};
  for (const id of [...index.ids().keys()].sort()) {
    out[id] = index
      .ids()
      .get(id)!
      .map((e) => ({ id: e.id, kind: e.kind, label: e.label, location: JSON.parse(JSON.stringify(e.location)) }));
  }
  return out;
}

/** Term uses by the canonical term they resolve to, as plain data, and what unused-term asks of each. */
function usesOf(index: ProjectIndex) {
  const out: Record<string, unknown[]> = {};
  for (const [term, uses] of [...index.usesByTerm()].sort(([a], [b]) => (a < b ? -1 : 1)))
    out[term] = uses.map((u) => [u.key, u.location.path, u.location.range.start.line, u.location.range.start.character]);
  const playbookUses = Object.keys(out).map((term) => [term, index.playbookUses(term).map((u) => [u.key, u.location.path])]);
  return { out, playbookUses };
}

describe('ProjectIndex: changes followed file by file answer as a fresh index', () => {
  for (const seed of [1, 2, 3, 4]) {
    it(`after every random set and delete (seed ${seed})`, () => {
      const random = rng(seed);
      const inScope = (p: string) => !p.endsWith('/outside.vocabulary.yaml');
      const live = new ProjectIndex(inScope);
      // Half the runs follow from the start, as the CLI's engine does; the others build the tables when first asked.
      if (seed % 2) live.follow(['ids', 'termUses']);
      const files = new Map<string, FileExports>();
      const paths = [
        ...Array.from({ length: 8 }, (_, i) => `/w/p${i}.playbook.yaml`),
        '/w/a.vocabulary.yaml',
        '/w/b.vocabulary.yaml',
        '/w/outside.vocabulary.yaml',
      ];
      for (let step = 0; step < 300; step++) {
        const path = paths[Math.floor(random() * paths.length)];
        if (random() < 0.15) {
          live.delete(path);
          files.delete(path);
        } else {
          const plain = path.endsWith('.playbook.yaml') ? playbook(path, random) : vocabulary(path, random);
          const exports = random() < 0.5 ? leanExports(plain) : plain;
          live.set(exports);
          files.set(path, exports);
        }
        // Ask sometimes only, so that changes also pile up between questions.
        if (random() < 0.6) {
          const fresh = new ProjectIndex(inScope);
          // The core's own order of files: the order they were first set (and set again after a delete).
          for (const p of live.paths()) fresh.set(files.get(p)!);
          assert.deepEqual(idsOf(live), idsOf(fresh), `ids after step ${step}`);
          assert.deepEqual(
            live.vocabularies().map((v) => v.path),
            fresh.vocabularies().map((v) => v.path),
            `vocabularies after step ${step}`,
          );
          assert.deepEqual(usesOf(live), usesOf(fresh), `term uses after step ${step}`);
          for (const id of ['id-0', 'id-5', 'id-11', 'nope']) assert.equal(live.lookupId(id)?.location.path, fresh.lookupId(id)?.location.path);
          for (const typo of ['id-O', 'id-55', 'ib-1'])
            assert.deepEqual(live.idSuggester()(typo), fresh.idSuggester()(typo), `suggestions for ${typo} after step ${step}`);
        }
      }
    });
  }

  it('hands out lists that later changes leave as they were', () => {
    const live = new ProjectIndex();
    const a: FileExports = {
      path: '/w/a.playbook.yaml',
      kind: 'playbook',
      terms: [],
      ids: [{ id: 'x', kind: 'tactic', location: at('/w/a.playbook.yaml', 1, 2) }],
      termUses: [],
      seeAlso: [],
    };
    live.set(a);
    const before = live.ids().get('x');
    live.set({ ...a, path: '/w/b.playbook.yaml', ids: [{ id: 'x', kind: 'tactic', location: at('/w/b.playbook.yaml', 0, 0) }] });
    assert.equal(before?.length, 1);
    assert.equal(live.ids().get('x')?.length, 2);
    const vocabularies = live.vocabularies();
    vocabularies.push(a);
    assert.equal(live.vocabularies().length, 0, 'a copy each time');
  });

  it('keeps its "did you mean" list while ids only move, and renews it when one appears or goes', () => {
    const index = new ProjectIndex();
    const a = (ids: [string, number][]): FileExports => ({
      path: '/w/a.playbook.yaml',
      kind: 'playbook',
      terms: [],
      ids: ids.map(([id, line]) => ({ id, kind: 'tactic', location: at('/w/a.playbook.yaml', line, 0) })),
      termUses: [],
      seeAlso: [],
    });
    index.set(
      a([
        ['first-call', 1],
        ['demo', 5],
      ]),
    );
    const prepared = index.idSuggester();
    index.set(
      a([
        ['first-call', 2],
        ['demo', 6],
      ]),
    ); // a line typed above: same ids, new places
    assert.equal(index.idSuggester(), prepared);
    assert.equal(index.lookupId('demo')?.location.range.start.line, 6);
    index.set(
      a([
        ['first-call', 2],
        ['demo', 6],
        ['discovery-call', 9],
      ]),
    );
    assert.notEqual(index.idSuggester(), prepared);
    assert.deepEqual(index.idSuggester()('discovry-call'), fresh(index).idSuggester()('discovry-call'));
    index.set(a([['first-call', 2]]));
    assert.deepEqual(index.idSuggester()('dem'), fresh(index).idSuggester()('dem'));
  });
});

function fresh(index: ProjectIndex): ProjectIndex {
  const out = new ProjectIndex();
  for (const e of index.allExports()) out.set(e);
  return out;
}

describe('lean exports packed again (the server and render send them between threads)', () => {
  it('give the packed form they came from: ids, labels, see-also and ranges, columns past 65,535 included', () => {
    const at = (line: number, character: number, length: number) => ({
      path: '/w/a.playbook.yaml',
      range: { start: { line, character }, end: { line, character: character + length } },
    });
    const original: FileExports = {
      path: '/w/a.playbook.yaml',
      kind: 'playbook',
      terms: [],
      termUses: [],
      seeAlso: ['far-away'],
      ids: [
        { id: 'discovery', kind: 'stage', label: 'Discovery', location: at(3, 8, 9) },
        { id: 'wide-tactic', kind: 'tactic', location: at(40_000, 70_000, 11) },
        { id: 'ünïcode-ïd', kind: 'tactic', label: 'Ask the “champion”', location: at(7, 65_530, 10) },
      ],
    };
    const packed = packExports(original);
    const again = packExports(unpackExports(packed));
    assert.deepEqual(again, packed);
    assert.deepEqual(
      unpackExports(again).ids.map((i) => [i.id, i.kind, i.label, i.location]),
      original.ids.map((i) => [i.id, i.kind, i.label, i.location]),
    );
  });
});
