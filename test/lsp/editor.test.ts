/**
 * The writer's editor over the real protocol (the built server over stdio): hover
 * wording on aliases and duplicates, fix-all, rename fixes, the add-term target, the
 * misnamed-file fix, rule links, and the user settings (run, customizations, extra
 * quick fixes) with bad values.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Hover } from 'vscode-languageserver-protocol';
import { makeProject } from '../cli/helpers';
import { LspClient, positionOf, uriOf } from './support/client';

const hoverText = (h: Hover | null) => (h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '');

const CORE_VOCABULARY = `vocabulary: Core
terms:
  - term: Economic buyer
    definition: The person who signs.
    aliases: [EB, economic buyers]
  - term: Champion
    definition: Sells for us inside the account.
`;
const EXTRA_VOCABULARY = `vocabulary: Extra
terms:
  - term: Enterprise buyer
    definition: A buying committee member at a large account.
    aliases:
      - ent buyer
      - eb
`;
const PLAYBOOK = `playbook: Discovery
stages:
  - id: first-call
    name: First call
    goal: The [[EB]] agrees the problem is worth solving.
    tactics:
      - id: ask-budget
        tactic: Ask the [[champ]] how the purchase is funded.
        why: Funding tells us who decides.
        deviate-when:
          - The buyer already shared an approved budget.
`;

describe("lsp: the writer's editor", function () {
  this.timeout(60000);

  describe('hover wording', () => {
    let project: ReturnType<typeof makeProject>;
    let client: LspClient;
    let playbook: string;
    before(async () => {
      project = makeProject({ 'core.vocabulary.yaml': CORE_VOCABULARY, 'extra.vocabulary.yaml': EXTRA_VOCABULARY, 'discovery.playbook.yaml': PLAYBOOK });
      playbook = path.join(project.dir, 'discovery.playbook.yaml');
      client = await LspClient.start({ folders: [project.dir] });
      await client.waitIndexed();
      await client.open(playbook);
    });
    after(async () => {
      await client.stop();
      project.cleanup();
    });

    it('on an alias: the term, then "EB is an alias of" the term with its other aliases only; a duplicate named as what it is and where', async () => {
      const h: Hover = await client.request('textDocument/hover', { textDocument: { uri: uriOf(playbook) }, position: positionOf(PLAYBOOK, '[[EB]]', 3) });
      const value = hoverText(h);
      assert.match(value, /^\*\*Economic buyer\*\*\n\nThe person who signs\./);
      assert.match(value, /\n\n\*“EB” is an alias of\* \*\*Economic buyer\*\*; \*other aliases:\* economic buyers\n\n/);
      assert.doesNotMatch(value, /other aliases:[^\n]*\bEB\b/, 'the alias hovered is not listed again');
      assert.match(value, /\*Defined in\* \[core\.vocabulary\.yaml:3\]/);
      // extra.vocabulary.yaml line 7 defines `eb` as an alias of another term: the note says exactly that.
      assert.match(value, /\*Duplicate:\* “EB” is also defined as an alias of \*\*Enterprise buyer\*\* at \[extra\.vocabulary\.yaml:7\]\([^)]*#L7\); references use the definition above\./);
    });
  });
});
