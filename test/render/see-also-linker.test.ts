/**
 * A site makes its see-also link targets while playbooks come in (SeeAlsoLinker.prepare), before the
 * whole project is known: once it is (complete), every link must be the one made with the whole project
 * at hand, even when a playbook that came in later defines the same id first, or a broken playbook
 * changed the page names.
 */
import assert from 'node:assert/strict';
import { analyzeText } from '../../server/src/core/analyze';
import { exportsOf } from '../../server/src/core/project/exports';
import { ProjectIndex } from '../../server/src/core/project/project-index';
import { SeeAlsoLinker, seeAlsoLinks, siteContext, sitePageNames } from '../../server/src/core/render';

const ROOT = '/project';

function playbook(rel: string, stageId: string, stageName: string) {
  const text = `title: ${rel}\nstages:\n  - id: ${stageId}\n    name: ${stageName}\n    goal: A goal.\n    tactics: []\n`;
  return exportsOf(analyzeText(`${ROOT}/${rel}`, 'playbook', text));
}

describe('see-also links made while the project comes in (SeeAlsoLinker)', () => {
  it('links to the first definition of an id once the whole project is in, not to the first that came in', () => {
    const later = playbook('playbooks/zeta.playbook.yaml', 'shared-step', 'Zeta step');
    const first = playbook('playbooks/alpha.playbook.yaml', 'shared-step', 'Alpha step');
    const other = playbook('playbooks/other.playbook.yaml', 'own-step', 'Own step');
    const paths = [later.path, first.path, other.path];
    const index = new ProjectIndex();
    index.ids();
    const names = sitePageNames(ROOT, paths);
    const linker = new SeeAlsoLinker(siteContext(index, names, ROOT, {}, () => []));
    index.set(later);
    index.set(other);
    linker.prepare(['shared-step', 'own-step', 'not-yet-defined']);
    index.set(first);
    const ctx = siteContext(index, names, ROOT, {}, () => []);
    linker.complete(ctx);
    const ids = ['shared-step', 'own-step', 'not-yet-defined'];
    const links = linker.links(other.path, ids);
    assert.equal(
      links,
      seeAlsoLinks(
        siteContext(index, names, ROOT, {}, () => []),
        other.path,
        ids,
      ),
    );
    assert.match(links, /href="playbooks-alpha\.html#id-shared-step">Alpha step<\/a>/);
    assert.match(links, /href="#id-own-step">Own step<\/a>/);
    assert.match(links, /<span class="unresolved"[^>]*>not-yet-defined<\/span>/);
  });

  it('links to a page by its final name when a broken playbook freed the name it would have had', () => {
    // Both paths make the page name playbooks-x-demo: with both, x/demo would get the -2 name.
    const moved = playbook('playbooks/x/demo.playbook.yaml', 'demo-step', 'Demo step');
    const brokenPath = `${ROOT}/playbooks/x-demo.playbook.yaml`;
    const from = playbook('playbooks/from.playbook.yaml', 'from-step', 'From step');
    const index = new ProjectIndex();
    index.set(moved);
    index.set(from);
    const provisional = sitePageNames(ROOT, [moved.path, brokenPath, from.path]);
    assert.equal(provisional.playbook(moved.path), 'playbooks-x-demo-2.html');
    const linker = new SeeAlsoLinker(siteContext(index, provisional, ROOT, {}, () => []));
    linker.prepare(['demo-step']);
    const names = sitePageNames(ROOT, [moved.path, from.path]);
    linker.complete(siteContext(index, names, ROOT, {}, () => []));
    assert.match(linker.links(from.path, ['demo-step']), /href="playbooks-x-demo\.html#id-demo-step">Demo step<\/a>/);
  });
});
