/**
 * `playbook-lint render` as a process on real files: the site's pages, valid
 * HTML (html-validate), links that resolve, the same bytes for the same
 * input, escaping of hostile YAML, broken files listed while the rest renders,
 * and the lint's exit codes.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { HtmlValidate } from 'html-validate';
import { runCli } from '../cli/helpers';
import { REPO_ROOT, SAMPLES } from '../support/paths';
import { brokenLinks, hrefsOf, readSite } from './site-check';

const HOSTILE = path.join(REPO_ROOT, 'test/render/fixtures/hostile');

describe('playbook-lint render (the real CLI)', function () {
  this.timeout(60_000);
  let tmp: string;
  const render = (args: string[]) => runCli(['render', ...args], { cwd: REPO_ROOT });

  before(() => {
    tmp = mkdtempSync(path.join(tmpdir(), 'render-'));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('renders the same site when the temporary folder cannot be written (the drafts then stay in memory)', () => {
    const usual = path.join(tmp, 'drafts-in-file');
    const inMemory = path.join(tmp, 'drafts-in-memory');
    const first = render([path.join(SAMPLES, 'acme'), '--out', usual]);
    assert.equal(first.code, 0, first.stderr);
    const second = runCli(['render', path.join(SAMPLES, 'acme'), '--out', inMemory], {
      cwd: REPO_ROOT,
      env: { TMPDIR: path.join(tmp, 'no-such-folder'), TMP: path.join(tmp, 'no-such-folder'), TEMP: path.join(tmp, 'no-such-folder') },
    });
    assert.equal(second.code, 0, second.stderr);
    assert.deepEqual(readSite(inMemory), readSite(usual));
  });

  it('writes an index, the glossary, the health report and one page per playbook (exit 0 on a clean project)', () => {
    const out = path.join(tmp, 'acme');
    const run = render([path.join(SAMPLES, 'acme'), '--out', out]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Rendered 4 playbooks \(7 pages\)/);
    assert.deepEqual(
      [...readSite(out).keys()],
      [
        'glossary.html',
        'health.html',
        'index.html',
        'playbooks-deal-review.html',
        'playbooks-demo.html',
        'playbooks-discovery.html',
        'playbooks-negotiation.html',
        'style.css',
      ],
    );
    const discovery = readFileSync(path.join(out, 'playbooks-discovery.html'), 'utf8');
    // Stages in order, each tactic with its why and deviations, every [[term]] a glossary link with its definition.
    assert.ok(discovery.indexOf('First call') < discovery.indexOf('Sizing the problem'));
    assert.match(discovery, /<h4>Why<\/h4><p>A demo before <a href="glossary.html#term-discovery" aria-describedby="d\d+">discovery<\/a>/);
    // Its definition once per page, however often the term is referenced: a hidden description and a style rule for the tooltip.
    const n = /aria-describedby="(d\d+)">discovery</.exec(discovery)![1];
    assert.equal(discovery.split(`<span id="${n}" hidden>Discovery: Understanding the buyer&#39;s situation`).length, 2);
    assert.equal(discovery.split(`[aria-describedby=${n}]{--def:"Discovery: Understanding the buyer's situation`).length, 2);
    // Each tactic card's context line (playbook and stage) is given once per stage, by the page's own rules.
    assert.match(discovery, /\.stage:nth-of-type\(1\)\{--card-context:"New-logo first calls \\b7 {2}First call"\}/);
    assert.doesNotMatch(discovery, /<p class="card-context">[^<]* · First call<\/p>/);
    assert.ok(discovery.split(`aria-describedby="${n}"`).length > 2, 'referenced more than once');
    assert.match(discovery, /<h4>Deviate when<\/h4><ul><li>The buyer has finished/);
    const glossary = readFileSync(path.join(out, 'glossary.html'), 'utf8');
    assert.match(glossary, /<dfn>Economic buyer<\/dfn>.*Used in.*href="playbooks-discovery.html#id-first-call"/s);
    // No problems in a published site unless asked for.
    assert.doesNotMatch(discovery, /class="problems"/);
  });

  it('every page is valid HTML and every internal link resolves (samples, a project with problems, hostile input)', async () => {
    const validator = new HtmlValidate({ extends: ['html-validate:recommended'] });
    const sites = [
      [path.join(SAMPLES, 'acme'), path.join(tmp, 'v-acme'), []],
      [path.join(SAMPLES, 'with-problems'), path.join(tmp, 'v-problems'), ['--show-problems']],
      [HOSTILE, path.join(tmp, 'v-hostile'), ['--show-problems']],
    ] as const;
    for (const [input, out, extra] of sites) {
      const run = render([input, '--out', out, ...extra]);
      assert.ok(run.code === 0 || run.code === 1, run.stderr);
      const site = readSite(out);
      assert.ok(site.size >= 4, `${out}: ${[...site.keys()]}`);
      for (const [name, html] of site) {
        if (!name.endsWith('.html')) continue;
        const report = await validator.validateString(html, name);
        const messages = report.results.flatMap((r) => r.messages.map((m) => `${name}:${m.line}:${m.column} ${m.ruleId} ${m.message}`));
        assert.deepEqual(messages, [], `${input}`);
      }
      assert.deepEqual(brokenLinks(site), [], input);
    }
  });

  it('renders the same bytes for the same input', () => {
    const a = path.join(tmp, 'same-a');
    const b = path.join(tmp, 'same-b');
    assert.equal(render([path.join(SAMPLES, 'acme'), '--out', a]).code, 0);
    assert.equal(render([path.join(SAMPLES, 'acme'), '--out', b]).code, 0);
    const first = readSite(a);
    assert.deepEqual(readSite(b), first);
  });

  it('renders the same bytes in one thread and across worker threads (PLAYBOOK_LINT_THREADS)', () => {
    const one = path.join(tmp, 'threads-1');
    const two = path.join(tmp, 'threads-3');
    const a = runCli(['render', path.join(SAMPLES, 'with-problems'), '--out', one, '--show-problems'], { cwd: REPO_ROOT, env: { PLAYBOOK_LINT_THREADS: '1' } });
    const b = runCli(['render', path.join(SAMPLES, 'with-problems'), '--out', two, '--show-problems'], { cwd: REPO_ROOT, env: { PLAYBOOK_LINT_THREADS: '3' } });
    assert.equal(a.code, 1, a.stderr);
    assert.deepEqual([b.code, b.stdout.replace(two, one), b.stderr], [a.code, a.stdout, a.stderr]);
    const site = readSite(one);
    assert.ok(site.size >= 5);
    assert.deepEqual(readSite(two), site);
  });

  it('shows markup and script from the YAML as text: no element, attribute or javascript: link comes from it', () => {
    const out = path.join(tmp, 'hostile');
    render([HOSTILE, '--out', out]);
    const site = readSite(out);
    // The site's stylesheet is the renderer's own: nothing from the YAML is in it.
    assert.doesNotMatch(site.get('style.css')!, /pwned|</);
    for (const [name, html] of site) {
      if (!name.endsWith('.html')) continue;
      const element = /<(script|img|iframe|form|button|b|i|em|style)[\s>]/gi;
      // The one style element is the renderer's own, in the head: the page's terms' tooltips and its cards' context lines
      // (pages without either have none).
      const elements = [...html.matchAll(element)].map((m) => m[0]);
      assert.deepEqual(elements, /aria-describedby="d\d+"|class="card tactic-card"/.test(html) ? ['<style>'] : [], name);
      // Text cannot hold a raw "<", so every tag is the renderer's: none may carry an event handler.
      const handlers = [...html.matchAll(/<[a-z][^>]*>/gi)].filter((tag) => /\son\w+\s*=/i.test(tag[0]));
      assert.deepEqual(
        handlers.map((t) => t[0]),
        [],
        name,
      );
      for (const href of hrefsOf(html)) assert.doesNotMatch(href, /^\s*javascript:/i, `${name}: ${href}`);
      // The page's own rules hold definitions as CSS strings: nothing in them can close the style element or a string.
      const css = /<style>(.*?)<\/style>/s.exec(html)?.[1] ?? '';
      assert.doesNotMatch(css, /</, name);
      const rules = [...css.matchAll(/\{--(def|card-context):"([^"]*)"\}/g)];
      for (const rule of rules) assert.match(rule[2], /^(?:[A-Za-z0-9 .,:;!?()'_-]|\\[0-9a-f]{1,6} )*$/, name);
      assert.equal(rules.filter((r) => r[1] === 'def').length, (html.match(/<span id="d\d+" hidden>/g) ?? []).length, name);
      assert.equal(css.replace(/(?:\[aria-describedby=d\d+\]|\.stage:nth-of-type\(\d+\))\{--(?:def|card-context):"[^"]*"\}/g, ''), '', name);
    }
    assert.match(
      readFileSync(path.join(out, 'playbooks-hostile.html'), 'utf8'),
      /\[aria-describedby=d\d+\]\{--def:"Closer: \\22 \\7d body\\7b display:none\\7d \\3c \\2f style\\3e /,
    );
    const page = readFileSync(path.join(out, 'playbooks-hostile.html'), 'utf8');
    assert.ok(page.includes('&lt;script&gt;window.__pwned = &#39;stage&#39;&lt;/script&gt;Stage &lt;i&gt;one&lt;/i&gt;'));
    assert.ok(page.includes('&lt;/p&gt;&lt;/article&gt;&lt;script&gt;'));
  });

  it('lists a broken file in the health report and the index, renders the rest, and exits 1 on lint errors', () => {
    const out = path.join(tmp, 'problems');
    const run = render([path.join(SAMPLES, 'with-problems'), '--out', out]);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /1 file could not be read .*broken\.playbook\.yaml/);
    const site = readSite(out);
    assert.ok(site.has('playbooks-renewal.html') && !site.has('playbooks-broken.html'), [...site.keys()].join());
    assert.match(site.get('health.html')!, /Files that could not be read.*playbooks\/broken\.playbook\.yaml.*YAML syntax/s);
    assert.match(site.get('index.html')!, /playbooks\/broken\.playbook\.yaml/);
  });

  it('shows the lint problems inline with --show-problems, on the tactic they concern', () => {
    const out = path.join(tmp, 'shown');
    render([path.join(SAMPLES, 'with-problems'), '--out', out, '--show-problems']);
    const renewal = readFileSync(path.join(out, 'playbooks-renewal.html'), 'utf8');
    assert.match(renewal, /<article class="card tactic-card" id="id-usage-report"[^>]*>(?:(?!<\/article>).)*tactic-missing-why, line 18/s);
  });

  it('health report: shares of real whys and observable deviations, coaching findings, terms used and unused', () => {
    const dir = path.join(tmp, 'health-project');
    cpSync(path.join(SAMPLES, 'acme/vocabulary'), path.join(dir, 'vocabulary'), { recursive: true });
    writeFileSync(path.join(dir, '.playbook-lint.yaml'), 'rules: {}\n');
    writeFileSync(
      path.join(dir, 'p.playbook.yaml'),
      [
        'playbook: Health check',
        'stages:',
        '  - id: s',
        '    name: S',
        '    goal: The [[economic buyer]] signs.',
        '    tactics:',
        '      - id: a',
        '        tactic: Send the agenda before the call.',
        '        why: Because it is best practice.',
        '        deviate-when: [When appropriate.]',
        '      - id: b',
        '        tactic: Ask who signs.',
        '        why: A deal without a named signer stalls at the end of the quarter when nobody can approve it.',
        '        deviate-when: [The buyer names the signer in writing before the call.]',
        '',
      ].join('\n'),
    );
    const out = path.join(tmp, 'health');
    assert.equal(render([dir, '--out', out]).code, 0);
    const health = readFileSync(path.join(out, 'health.html'), 'utf8');
    assert.match(health, /Tactics with a real why: 50% \(1 of 2\); Tactics with observable deviation conditions: 50% \(1 of 2\)/);
    assert.match(health, /why-restates-tactic, line 9/);
    assert.match(health, /vague-deviation, line 10/);
    assert.match(health, /<span class="label">Terms used<\/span> Economic buyer</);
    assert.match(health, /Unused terms.*<li>Champion<\/li>/s);
    assert.match(health, /<svg class="chart" role="img"/);
  });

  it('glossary: a term used in more than 50 playbooks lists the first 50 and links to its own page, which lists every one', async () => {
    const dir = path.join(tmp, 'many-uses');
    cpSync(path.join(SAMPLES, 'acme/vocabulary'), path.join(dir, 'vocabulary'), { recursive: true });
    const count = 57;
    for (let i = 1; i <= count; i++) {
      const n = String(i).padStart(2, '0');
      writeFileSync(
        path.join(dir, `p${n}.playbook.yaml`),
        `playbook: Deal ${n}\nstages:\n  - id: s${n}\n    name: S\n    goal: The [[economic buyer]] signs.\n    tactics:\n      - id: t${n}\n        tactic: Ask the [[economic buyer]] who else signs.\n`,
      );
    }
    const out = path.join(tmp, 'many-uses-site');
    assert.notEqual(render([dir, '--out', out]).code, 2);
    const glossary = readFileSync(path.join(out, 'glossary.html'), 'utf8');
    const entry = /<div class="entry" id="term-economic-buyer">.*?<\/div>/s.exec(glossary)![0];
    assert.equal((entry.match(/href="p\d+\.html"/g) ?? []).length, 50);
    assert.match(entry, /<a href="used-in\/term-economic-buyer\.html">all 57 playbooks that use Economic buyer<\/a>/);
    const site = readSite(out, true);
    const usedIn = site.get('used-in/term-economic-buyer.html')!;
    for (let i = 1; i <= count; i++) {
      const n = String(i).padStart(2, '0');
      assert.ok(
        usedIn.includes(
          `<a href="../p${n}.html">p${n}.playbook.yaml</a> (<a href="../p${n}.html#id-s${n}">s${n}</a>, <a href="../p${n}.html#id-t${n}">t${n}</a>)`,
        ),
        `p${n} in the term's page`,
      );
    }
    assert.deepEqual(brokenLinks(site), []);
    const report = await new HtmlValidate({ extends: ['html-validate:recommended'] }).validateString(usedIn, 'used-in/term-economic-buyer.html');
    assert.ok(report.valid, JSON.stringify(report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`))));
    // The manifest lists the term's page too, so a later render prunes it when it is no longer needed.
    assert.ok(JSON.parse(readFileSync(path.join(out, '.playbook-lint-site.json'), 'utf8')).files.includes('used-in/term-economic-buyer.html'));
  });

  it('prunes the pages of playbooks that are gone, and only files it wrote itself (its manifest in --out)', () => {
    const project = path.join(tmp, 'prune-project');
    cpSync(path.join(SAMPLES, 'acme'), project, { recursive: true });
    const out = path.join(tmp, 'prune-site');
    assert.equal(render([project, '--out', out]).code, 0);
    const manifest = JSON.parse(readFileSync(path.join(out, '.playbook-lint-site.json'), 'utf8'));
    assert.deepEqual(manifest.files, [...readSite(out).keys()]);
    // Files the user put there, and a manifest entry pointing outside the folder: never deleted.
    writeFileSync(path.join(out, 'CNAME'), 'playbooks.example.com\n');
    writeFileSync(path.join(out, 'notes.html'), '<p>mine</p>\n');
    writeFileSync(path.join(tmp, 'outside.html'), 'not the site\n');
    writeFileSync(path.join(out, '.playbook-lint-site.json'), JSON.stringify({ ...manifest, files: [...manifest.files, '../outside.html', '/etc/hostname'] }));
    rmSync(path.join(project, 'playbooks/demo.playbook.yaml'));
    const again = render([project, '--out', out]);
    // Exit 1: another playbook's see-also still names a tactic of the removed one (an unknown-reference error).
    assert.equal(again.code, 1, again.stderr);
    assert.match(again.stdout, /Removed 1 page an earlier render wrote that this one did not: playbooks-demo\.html/);
    assert.deepEqual(readdirSync(out).sort(), [
      '.playbook-lint-site.json',
      'CNAME',
      'glossary.html',
      'health.html',
      'index.html',
      'notes.html',
      'playbooks-deal-review.html',
      'playbooks-discovery.html',
      'playbooks-negotiation.html',
      'style.css',
    ]);
    assert.equal(readFileSync(path.join(tmp, 'outside.html'), 'utf8'), 'not the site\n');
    assert.doesNotMatch(readFileSync(path.join(out, 'index.html'), 'utf8'), /playbooks-demo\.html/);
    // Pages written over the earlier ones (shorter now: fewer links) hold exactly what a render into a new folder writes.
    const fresh = path.join(tmp, 'prune-fresh');
    assert.equal(render([project, '--out', fresh]).code, 1);
    const site = readSite(out);
    site.delete('notes.html');
    assert.deepEqual(site, readSite(fresh));
  });

  it('leaves no other file when a broken playbook frees the name another page would have had', () => {
    // Page files are made before the playbooks are read, named as if none were broken: here x-demo would take
    // playbooks-x-demo.html and x/demo the -2 name, but x-demo does not parse, so x/demo gets the first.
    const project = path.join(tmp, 'freed-name-project');
    cpSync(path.join(SAMPLES, 'acme'), project, { recursive: true });
    mkdirSync(path.join(project, 'playbooks/x'));
    cpSync(path.join(project, 'playbooks/demo.playbook.yaml'), path.join(project, 'playbooks/x/demo.playbook.yaml'));
    writeFileSync(path.join(project, 'playbooks/x-demo.playbook.yaml'), 'stages: [unclosed\n');
    const out = path.join(tmp, 'freed-name-site');
    const run = render([project, '--out', out]);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /1 file could not be read and has no page/);
    const site = readSite(out);
    assert.ok(site.has('playbooks-x-demo.html'));
    assert.ok(!existsSync(path.join(out, 'playbooks-x-demo-2.html')));
    assert.match(site.get('playbooks-x-demo.html')!, /playbooks\/x\/demo\.playbook\.yaml/);
    const manifest = JSON.parse(readFileSync(path.join(out, '.playbook-lint-site.json'), 'utf8'));
    assert.deepEqual(manifest.files, [...site.keys()]);
    assert.deepEqual(readdirSync(out).sort(), ['.playbook-lint-site.json', ...site.keys()].sort());
  });

  it('refuses a non-empty --out folder it did not write (exit 2, nothing touched) unless --force, which deletes nothing', () => {
    const out = path.join(tmp, 'someone-elses');
    mkdirSync(out);
    writeFileSync(path.join(out, 'index.html'), '<p>their home page</p>\n');
    const run = render([path.join(SAMPLES, 'acme'), '--out', out]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /will not write into .*someone-elses: it is not empty and was not written by playbook-lint render .*--force/);
    assert.deepEqual(readdirSync(out), ['index.html']);
    assert.equal(readFileSync(path.join(out, 'index.html'), 'utf8'), '<p>their home page</p>\n');
    writeFileSync(path.join(out, 'keep.txt'), 'keep\n');
    const forced = render([path.join(SAMPLES, 'acme'), '--out', out, '--force']);
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal(readFileSync(path.join(out, 'keep.txt'), 'utf8'), 'keep\n');
    assert.ok(existsSync(path.join(out, '.playbook-lint-site.json')));
    // An empty folder is fine without --force.
    const empty = path.join(tmp, 'empty-out');
    mkdirSync(empty);
    assert.equal(render([path.join(SAMPLES, 'acme'), '--out', empty]).code, 0);
  });

  it('exits 2 and writes nothing on bad input: no --out, a missing path, an invalid config', () => {
    const noOut = render([path.join(SAMPLES, 'acme')]);
    assert.equal(noOut.code, 2);
    assert.match(noOut.stderr, /--out/);
    const missing = path.join(tmp, 'never');
    const run = render([path.join(tmp, 'no-such-folder'), '--out', missing]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /no-such-folder/);
    assert.equal(existsSync(missing), false);
    const bad = path.join(tmp, 'bad-config');
    cpSync(path.join(SAMPLES, 'acme'), bad, { recursive: true });
    writeFileSync(path.join(bad, '.playbook-lint.yaml'), 'rules: { no-such-rule: error }\n');
    const invalid = render([bad, '--out', path.join(tmp, 'never2')]);
    assert.equal(invalid.code, 2);
    assert.match(invalid.stderr, /invalid config .*\.playbook-lint\.yaml:1:10: rules: unknown key "no-such-rule"/s);
    assert.equal(existsSync(path.join(tmp, 'never2')), false);
  });
});
