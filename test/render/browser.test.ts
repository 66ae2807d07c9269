/**
 * The rendered site in a real browser (Debian chromium + playwright-core):
 * definitions on hover and on keyboard focus without script, one printed
 * page per coaching card, no serious or critical axe-core violations in
 * light and dark, and hostile YAML that stays text with the page's content
 * security policy bypassed (so only the escaping protects it).
 * Skipped, with the reason, when chromium is missing.
 * PLAYBOOK_SCREENSHOTS=<dir> saves the screenshots the docs show.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { runCli } from '../cli/helpers';
import { REPO_ROOT, SAMPLES } from '../support/paths';
import { browserSkipReason, launchChromium } from './browser';

const AXE = require.resolve('axe-core/axe.min.js');
const SHOTS = process.env.PLAYBOOK_SCREENSHOTS ? path.resolve(REPO_ROOT, process.env.PLAYBOOK_SCREENSHOTS) : undefined;

describe('the rendered site in a real browser', function () {
  this.timeout(90_000);
  let tmp: string;
  let acme: string;
  let browser: Browser | undefined;

  before(async function () {
    const reason = browserSkipReason();
    if (reason) {
      console.log(`    SKIPPED: ${reason}`);
      this.skip();
    }
    tmp = mkdtempSync(path.join(tmpdir(), 'render-browser-'));
    acme = path.join(tmp, 'acme');
    const run = runCli(['render', path.join(SAMPLES, 'acme'), '--out', acme], { cwd: REPO_ROOT });
    assert.equal(run.code, 0, run.stderr);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  async function open(file: string, options: { bypassCSP?: boolean; colorScheme?: 'light' | 'dark' } = {}): Promise<Page> {
    const context = await browser!.newContext({
      bypassCSP: options.bypassCSP,
      colorScheme: options.colorScheme ?? 'light',
      viewport: { width: 1000, height: 900 },
    });
    const page = await context.newPage();
    await page.goto(pathToFileURL(file).href);
    return page;
  }

  /** What the term's tooltip shows now: its ::after box's text, or null when there is none on screen. */
  const tooltipOf = (term: Locator) =>
    term.evaluate((el) => {
      const after = (globalThis as unknown as { getComputedStyle(e: unknown, pseudo: string): Record<string, string> }).getComputedStyle(el, '::after');
      return after.display === 'none' || after.content === 'none' || after.content === 'normal' ? null : after.content;
    });

  /** A CSS value as chromium serializes it, its strings' escapes undone (`\\"`, `\\\\`, `\\a `). */
  const unescapeCss = (value: string) =>
    value.replace(/"((?:[^"\\]|\\.)*)"/g, (_, body: string) =>
      body.replace(/\\(?:([0-9a-fA-F]{1,6}) ?|(.))/g, (_m, hex: string | undefined, ch: string) => (hex ? String.fromCodePoint(Number.parseInt(hex, 16)) : ch)),
    );

  /** The link's accessible name and description, as chromium's accessibility tree has them. */
  async function accessibleOf(page: Page, selector: string): Promise<{ name?: string; description?: string }> {
    const cdp = await page.context().newCDPSession(page);
    const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
    const { nodes } = await cdp.send('Accessibility.getPartialAXTree', { nodeId, fetchRelatives: false });
    await cdp.detach();
    const node = nodes.find((n) => !n.ignored) ?? nodes[0];
    return { name: node.name?.value as string | undefined, description: node.description?.value as string | undefined };
  }

  it("shows a term's definition on hover and on keyboard focus, with no script on the page", async () => {
    const page = await open(path.join(acme, 'playbooks-discovery.html'));
    assert.equal(await page.locator('script').count(), 0);
    // The site's stylesheet file loads from file: under the page's content security policy, then the page's own rules.
    const sheets = (await page.evaluate('[...document.styleSheets].map((s) => s.href)')) as (string | null)[];
    assert.equal(sheets.length, 2);
    assert.match(sheets[0] ?? '', /^file:.*\/style\.css$/);
    assert.equal(await page.evaluate('getComputedStyle(document.querySelector("main")).maxWidth'), '1152px', "the file's rules apply");
    const term = page.locator('a[aria-describedby]', { hasText: 'economic buyer' }).first();
    const definition = /^"Economic buyer: The one person who can release the budget for this purchase[^"]*" \/ ""$/;
    assert.equal(await tooltipOf(term), null, 'hidden before');
    await term.hover();
    assert.match((await tooltipOf(term)) ?? '', definition, 'shown on hover');
    const box = await term.evaluate((el) => {
      const after = (globalThis as unknown as { getComputedStyle(e: unknown, pseudo: string): Record<string, string> }).getComputedStyle(el, '::after');
      return { position: after.position, visibility: after.visibility, width: Number.parseFloat(after.width) };
    });
    assert.deepEqual({ position: box.position, visibility: box.visibility }, { position: 'absolute', visibility: 'visible' });
    assert.ok(box.width > 100, `a box of text, ${box.width}px wide`);
    if (SHOTS) {
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SHOTS, 'site-playbook.png') });
    }
    await page.mouse.move(0, 0);
    assert.equal(await tooltipOf(term), null, 'hidden again when the mouse leaves');
    // Other references stay without a tooltip meanwhile.
    const others = page.locator('a[aria-describedby]');
    // Keyboard: Tab through the page until the term's link has the focus.
    const link = term;
    const focused = () => link.evaluate((a) => a === (a.ownerDocument as { activeElement: unknown }).activeElement);
    for (let i = 0; i < 40 && !(await focused()); i++) await page.keyboard.press('Tab');
    assert.equal(await focused(), true, 'reached by Tab');
    assert.match((await tooltipOf(term)) ?? '', definition, 'shown on focus');
    let shown = 0;
    for (const other of await others.all()) if ((await tooltipOf(other)) !== null) shown++;
    assert.equal(shown, 1, 'only the focused term shows its definition');
    // Screen readers: the link is named by its text alone and described by the definition (the hidden element it points at).
    const id = await link.getAttribute('aria-describedby');
    assert.equal(await page.locator(`[id="${id}"]`).isVisible(), false);
    const a11y = await accessibleOf(page, `a[aria-describedby="${id}"]`);
    assert.equal(a11y.name, 'economic buyer');
    assert.match(a11y.description ?? '', /^Economic buyer: The one person who can release the budget for this purchase/);
    await page.context().close();
  });

  it('prints one coaching card per page: every stage and every tactic', async () => {
    for (const name of ['playbooks-discovery.html', 'playbooks-negotiation.html']) {
      const page = await open(path.join(acme, name));
      const cards = await page.locator('.card').count();
      // On screen every stage card has the theme's card background, whatever its section's rules give its tactic cards.
      const backgrounds = await page
        .locator('.stage-card')
        .evaluateAll((els) =>
          els.map((el) => (globalThis as unknown as { getComputedStyle(e: unknown): Record<string, string> }).getComputedStyle(el).backgroundColor),
        );
      assert.ok(backgrounds.length >= 2, name);
      for (const bg of backgrounds) assert.equal(bg, 'rgb(246, 248, 250)', `${name}: a stage card's background (the theme's --card, #f6f8fa)`);
      await page.emulateMedia({ media: 'print' });
      // A printed tactic card names its playbook and stage (its context line, given once per stage by the page's rules).
      const title = await page.locator('h1').textContent();
      const contexts = await page.locator('section.stage').evaluateAll((sections) =>
        sections.map((section) => {
          const card = section.querySelector('.tactic-card');
          const css = globalThis as unknown as { getComputedStyle(e: unknown, pseudo: string): Record<string, string> };
          return { stage: section.querySelector('h2')?.textContent, context: card ? css.getComputedStyle(card, '::before').content : null };
        }),
      );
      assert.ok(contexts.some((c) => c.context !== null));
      for (const { stage, context } of contexts) if (context !== null) assert.equal(unescapeCss(context), `${title} · ${stage}`, name);
      const pdf = await page.pdf({ format: 'A4' });
      const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
      assert.ok(cards >= 5, `${name}: ${cards} cards`);
      assert.equal(pages, cards, `${name}: ${cards} cards printed on ${pages} pages`);
      await page.context().close();
    }
  });

  it('has no serious or critical accessibility violations (axe-core), in light and dark', async () => {
    const problems = path.join(tmp, 'problems');
    runCli(['render', path.join(SAMPLES, 'with-problems'), '--out', problems, '--show-problems'], { cwd: REPO_ROOT });
    const pages = [
      ...['index.html', 'glossary.html', 'health.html', 'playbooks-discovery.html'].map((f) => path.join(acme, f)),
      path.join(problems, 'playbooks-renewal.html'),
      path.join(problems, 'health.html'),
    ];
    const found: string[] = [];
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const file of pages) {
        // The site's CSP forbids every script, axe's too: bypass it for the scan.
        const page = await open(file, { bypassCSP: true, colorScheme });
        await page.addScriptTag({ content: readFileSync(AXE, 'utf8') });
        const result = (await page.evaluate('axe.run()')) as { violations: { id: string; impact: string; nodes: unknown[] }[] };
        for (const v of result.violations)
          if (v.impact === 'serious' || v.impact === 'critical')
            found.push(`${colorScheme} ${path.basename(file)}: ${v.id} (${v.impact}, ${v.nodes.length} elements)`);
        if (SHOTS && colorScheme === 'dark' && file === path.join(problems, 'health.html'))
          await page.screenshot({ path: path.join(SHOTS, 'site-health-dark.png') });
        await page.context().close();
      }
    }
    assert.deepEqual(found, []);
  });

  it('renders a playbook with <script>, javascript: links and HTML in every field as text (CSP bypassed)', async () => {
    const out = path.join(tmp, 'hostile');
    runCli(['render', path.join(REPO_ROOT, 'test/render/fixtures/hostile'), '--out', out, '--show-problems'], { cwd: REPO_ROOT });
    for (const file of ['playbooks-hostile.html', 'glossary.html', 'index.html', 'health.html']) {
      const page = await open(path.join(out, file), { bypassCSP: true });
      const dialogs: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      // Hover and focus everything a reader could touch: no handler may fire.
      for (const link of await page.locator('a').all()) await link.hover().catch(() => undefined);
      // A string, evaluated in the page (the tests are not compiled with the DOM's types).
      const state = (await page.evaluate(`({
        pwned: window.__pwned,
        elements: document.querySelectorAll('main script, main img, main iframe, main form, main b, main i, main em, main style').length,
        javascriptLinks: [...document.querySelectorAll('a')].filter((a) => a.href.startsWith('javascript:')).length,
        text: document.body.innerText,
      })`)) as { pwned?: string; elements: number; javascriptLinks: number; text: string };
      assert.equal(state.pwned, undefined, file);
      assert.deepEqual(dialogs, [], file);
      assert.equal(state.elements, 0, file);
      assert.equal(state.javascriptLinks, 0, file);
      if (file === 'playbooks-hostile.html') {
        assert.match(state.text, /<script>window\.__pwned = 'stage'<\/script>Stage <i>one<\/i>/);
        assert.match(state.text, /<a href="javascript:window\.__pwned='tactic'">Click me<\/a> and ask the champion\./);
        // A definition written to end the CSS string, the rule and the style element: its tooltip shows it whole, as text.
        const closer = page.locator('a[aria-describedby]', { hasText: 'Closer' }).first();
        await closer.hover();
        const shown = unescapeCss((await tooltipOf(closer)) ?? '');
        const definition = `Closer: "}body{display:none}</style><script>window.__pwned='css'</script>\\"\\ /* not a comment */ end \u2014 \u{1F642}\nnext line`;
        assert.equal(shown, `${definition} / `, 'the text, then its empty alternative'); // quotes of both strings removed
        const described = await page.locator(`[id="${await closer.getAttribute('aria-describedby')}"]`).textContent();
        assert.equal(described, definition);
        // A title and stage name written to end the rule: the tactic card's context line shows them whole, as text.
        const context = await page
          .locator('.tactic-card')
          .first()
          .evaluate((card) => {
            const css = globalThis as unknown as { getComputedStyle(e: unknown, pseudo: string): Record<string, string> };
            return css.getComputedStyle(card, '::before').content;
          });
        assert.equal(
          unescapeCss(context),
          `<script>window.__pwned = 'title'</script><b>Bold title</b> · <script>window.__pwned = 'stage'</script>Stage <i>one</i>`,
        );
        assert.equal(await page.evaluate('document.querySelectorAll("style").length'), 1);
        assert.equal(await page.evaluate('getComputedStyle(document.body).display'), 'block');
      }
      await page.context().close();
    }
  });
});
