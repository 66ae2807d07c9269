import { strict as assert } from 'node:assert';
import type { Diagnostic } from '../../server/src/core/types';
import { packDiagnostics, unpackDiagnostics } from '../../server/src/services/index-session';

// The language server's first pass hands each file's diagnostics from an index worker to the
// workspace packed (services/index-session.ts): an ASCII string, which must come back equal.
describe('packed diagnostics (index session)', () => {
  const path = '/p/a.playbook.yaml';
  const range = { start: { line: 1, character: 2 }, end: { line: 1, character: 9 } };
  const diagnostics: Diagnostic[] = [
    { ruleId: 'vague-deviation', severity: 'info', message: 'say what “enough” means ‘here’ — 👍', path, range, docsUrl: 'https://x/r' },
    { ruleId: 'undefined-term', severity: 'warning', message: `a lone surrogate \ud800 and a tab\t"quoted"\\`, path, range, docsUrl: 'https://x/u' },
    {
      ruleId: 'duplicate-id',
      severity: 'error',
      message: 'also in another file: é',
      path,
      range,
      docsUrl: 'https://x/d',
      related: [{ location: { path: '/p/b.playbook.yaml', range }, message: 'here (ü)' }],
    },
  ];

  it('comes back equal, non-ASCII characters, surrogate pairs and lone surrogates included', () => {
    assert.deepEqual(unpackDiagnostics(packDiagnostics(diagnostics, path), path), diagnostics);
  });

  it('is ASCII only (one byte a character in V8), without the file path repeated in each', () => {
    const packed = packDiagnostics(diagnostics, path);
    assert.match(packed, /^[\x00-\x7f]*$/);
    assert.ok(!packed.includes(path));
    assert.ok(packed.includes('/p/b.playbook.yaml'), 'another file named in related information stays');
  });
});
