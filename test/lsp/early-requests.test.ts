/**
 * Requests that arrive before the workspace is indexed (an editor asks for a hover the
 * moment a file opens) wait for the file's project instead of answering from nothing.
 * Found by driving the server from Neovim 0.7 (see neovim.test.ts).
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { CompletionList, Hover } from 'vscode-languageserver-protocol';
import { LspClient, MINIMAL_CAPABILITIES, positionOf, sample, tempCopy, uriOf } from './support/client';

describe('lsp: requests before indexing ends', function () {
  this.timeout(30_000);

  for (const [name, capabilities] of [
    ['a full client', undefined],
    ['a minimal client', MINIMAL_CAPABILITIES],
  ] as const) {
    it(`hover and completion sent right after initialized see the vocabulary (${name})`, async () => {
      const { dir, cleanup } = tempCopy(sample('acme'));
      const client = await LspClient.start({ folders: [dir], capabilities });
      try {
        // No waiting for the index: open and ask at once, as an editor does.
        const file = path.join(dir, 'playbooks/deal-review.playbook.yaml');
        await client.open(file);
        const uri = uriOf(file);
        const text = client.text(file);
        const [hover, completion] = await Promise.all([
          client.request('textDocument/hover', { textDocument: { uri }, position: positionOf(text, '[[economic buyer]]', 4) }) as Promise<Hover | null>,
          client.request('textDocument/completion', {
            textDocument: { uri },
            position: positionOf(text, '[[economic buyer]]', 2),
          }) as Promise<CompletionList | null>,
        ]);
        const contents = JSON.stringify(hover?.contents ?? null);
        assert.match(contents, /can release the budget/, `the hover shows the definition, got ${contents}`);
        assert.ok(
          completion?.items.some((i) => i.label === 'Economic buyer'),
          'completion lists the vocabulary',
        );
      } finally {
        await client.stop();
        cleanup();
      }
    });
  }
});
