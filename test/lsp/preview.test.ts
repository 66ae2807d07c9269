/**
 * The preview request over the real protocol: the page of a playbook or a
 * vocabulary, from the server's live project: an unsaved edit in the
 * playbook shows, an unsaved edit in a vocabulary changes the definitions
 * shown in a playbook's page, problems are inline, and every element
 * carries its source line for click-to-reveal.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { LspClient, sample, tempCopy, uriOf } from './support/client';

const PREVIEW = 'playbook-lint/preview';

interface Preview {
  uri: string;
  version: number | null;
  kind: string;
  title: string;
  body: string;
  styles: string;
}

describe('lsp: the preview request', function () {
  this.timeout(30000);
  let dir: string;
  let cleanup: () => void;
  let client: LspClient;
  let discovery: string;
  let vocab: string;

  before(async () => {
    ({ dir, cleanup } = tempCopy(sample('acme')));
    discovery = path.join(dir, 'playbooks/discovery.playbook.yaml');
    vocab = path.join(dir, 'vocabulary/sales.vocabulary.yaml');
    client = await LspClient.start({ folders: [dir] });
    await client.waitIndexed();
    await client.open(discovery);
  });
  after(async () => {
    await client.stop();
    cleanup();
  });

  const preview = (file: string) => client.request<Preview | null>(PREVIEW, { textDocument: { uri: uriOf(file) } });

  it('renders the playbook with source lines on every stage and tactic, and the stylesheet', async () => {
    const page = (await preview(discovery))!;
    assert.equal(page.kind, 'playbook');
    assert.equal(page.title, 'New-logo first calls');
    assert.equal(page.uri, uriOf(discovery));
    assert.match(page.styles, /prefers-color-scheme: dark/);
    const text = client.text(discovery);
    const line = text.split('\n').findIndex((l) => l.includes('- id: no-demo-first-call'));
    assert.match(
      page.body,
      new RegExp(
        `<article class="card tactic-card" id="id-no-demo-first-call"[^>]* data-path="${discovery.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}" data-line="${line}">`,
      ),
    );
    // A term links to its definition's source in the vocabulary.
    assert.match(
      page.body,
      /<a href="#term-economic-buyer" aria-describedby="d1" data-path="[^"]*sales\.vocabulary\.yaml" data-line="\d+">economic buyer<\/a>/,
    );
    // Its definition: once in the page, described by the hidden element, drawn by the page's own style rule.
    assert.match(page.body, /<span id="d1" hidden>Economic buyer: The one person who can release the budget/);
    assert.match(page.styles, /\[aria-describedby=d1\]\{--def:"Economic buyer: The one person who can release the budget[^"]*"\}/);
  });

  it('shows an unsaved edit of the playbook, with its problems inline', async () => {
    const original = client.text(discovery);
    const version = await client.change(
      discovery,
      original
        .replace('Do not demo the product on the first call.', 'Never demo <b>anything</b> on the first call.')
        .replace(/why: >\n {10}A demo before/, 'rationale: >\n          A demo before'),
    );
    const page = (await preview(discovery))!;
    assert.equal(page.version, version);
    assert.match(page.body, /Never demo &lt;b&gt;anything&lt;\/b&gt; on the first call\./);
    assert.match(page.body, /class="problem error"[^>]*><span class="severity">error<\/span> Tactic &quot;no-demo-first-call&quot; has no why/);
    await client.change(discovery, original);
  });

  it("follows an unsaved vocabulary edit in the playbook's definitions", async () => {
    await client.open(vocab);
    const original = client.text(vocab);
    await client.change(vocab, original.replace('The one person who can release the budget', 'The single person who signs off the budget'));
    const page = (await preview(discovery))!;
    assert.match(page.body, /<span id="d\d+" hidden>Economic buyer: The single person who signs off the budget/);
    assert.match(page.styles, /\{--def:"Economic buyer: The single person who signs off the budget/);
    await client.change(vocab, original);
    await client.close(vocab);
  });

  it('renders a vocabulary as its glossary, with "used in" links back to the tactics', async () => {
    const page = (await preview(vocab))!;
    assert.equal(page.kind, 'vocabulary');
    assert.match(page.body, /<dfn>Economic buyer<\/dfn>/);
    assert.match(page.body, /Used in<\/span> <a href="#" data-path="[^"]*discovery\.playbook\.yaml" data-line="\d+">/);
  });

  it('answers null for a config file and a file that is not ours', async () => {
    const config = path.join(dir, '.playbook-lint.yaml');
    assert.equal(await preview(config), null);
    assert.equal(await preview(path.join(dir, 'README.md')), null);
  });
});
