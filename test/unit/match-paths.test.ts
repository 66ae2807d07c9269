/**
 * matchPaths answers "would the project walk list this path?" for files that are
 * not on disk (unsaved editor documents). It must agree with the real walk.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { listProjectFiles, matchGlobs, matchPaths, toPosix } from '../../server/src/node/discover';
import { plainlyUnder } from '../../server/src/core/paths';
import fc from 'fast-check';

const FILES = [
  'a.playbook.yaml',
  'B.PLAYBOOK.YML',
  'notes.yaml',
  'drafts/new.playbook.yaml',
  'drafts/deep/x.vocabulary.yml',
  'playbooks/demo.playbook.yaml',
  'playbooks/other.playbook.yml',
  'vocabulary/sales.vocabulary.yaml',
  'vocabulary/extra/more.vocabulary.yaml',
  '.hidden/h.playbook.yaml',
  'node_modules/pkg/n.playbook.yaml',
  '.git/g.playbook.yaml',
];
const IGNORES = [[], ['drafts/**'], ['drafts'], ['**/*.yml'], ['playbooks/demo.*'], ['**/extra/**', '.hidden/**']];

describe('matchPaths agrees with the walk of the disk', () => {
  let root: string;
  before(() => {
    root = toPosix(mkdtempSync(path.join(tmpdir(), 'match-paths-')));
    for (const f of FILES) {
      mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
      writeFileSync(path.join(root, f), 'x: 1\n');
    }
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  const all = () => FILES.map((f) => `${root}/${f}`);

  for (const ignore of IGNORES) {
    it(`lintable files, ignore ${JSON.stringify(ignore)}`, () => {
      assert.deepEqual([...matchPaths(root, 'lintable', ignore, all())].sort(), listProjectFiles(root, ignore));
    });
    it(`vocabulary globs, ignore ${JSON.stringify(ignore)}`, () => {
      for (const globs of [['vocabulary/*.vocabulary.yaml'], ['**/*.vocabulary.*']]) {
        assert.deepEqual([...matchPaths(root, globs, ignore, all())].sort(), [...matchGlobs(root, globs, ignore)].sort(), JSON.stringify(globs));
      }
    });
  }

  it('never reads the disk: a path that does not exist is judged by its name', () => {
    assert.deepEqual(
      [...matchPaths(root, 'lintable', ['drafts/**'], [`${root}/new/x.playbook.yaml`, `${root}/drafts/y.playbook.yaml`])],
      [`${root}/new/x.playbook.yaml`],
    );
  });

  it('ignores paths outside the root', () => {
    assert.deepEqual([...matchPaths(root, 'lintable', [], [`${path.posix.dirname(root)}/elsewhere.playbook.yaml`])], []);
  });
});

describe('plainlyUnder: a path under a folder by its prefix alone', () => {
  it('says yes only where path.relative gives the tail of the path (random paths with ., .., empty segments)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'b', 'ab', '.', '..', '', '.x', 'x.'), { minLength: 0, maxLength: 3 }),
        fc.array(fc.constantFrom('a', 'b', 'ab', '.', '..', '', '.x', 'x.'), { minLength: 0, maxLength: 4 }),
        (dirParts, tail) => {
          const dir = `/${dirParts.join('/')}`;
          const file = `${dir}/${tail.join('/')}`;
          if (!plainlyUnder(dir, file)) return;
          const rel = path.posix.relative(dir, file);
          assert.equal(rel, file.slice(dir.length + 1));
          assert.ok(rel !== '' && !rel.startsWith('..'));
        },
      ),
      { numRuns: 3000 },
    );
    assert.equal(plainlyUnder('/w', '/w/p/a.playbook.yaml'), true);
    assert.equal(plainlyUnder('/w', '/w/../x.yaml'), false);
    assert.equal(plainlyUnder('/', '/x.yaml'), false);
  });
});
