/**
 * core/glob.ts: the same answers as picomatch (what the walk used before, and
 * what users know from other tools) on ordinary globs, and bounded time on
 * any glob, where picomatch's regular expressions backtrack exponentially.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import picomatch from 'picomatch';
import { compileGlob, GlobList, globMatches, globMayMatchBelow, globSyntaxProblem, MAX_GLOB_ALTERNATIVES } from '../../server/src/core/glob';

const SEGMENT_PIECES = ['a', 'b', 'A', '.', '-', '*', '?', '[ab]', '[^a]', '[a-c]', '{a,b}', '{b,ab}', '\\*'];
const NAME_CHARS = ['a', 'b', 'c', 'A', '.', '-', '*'];

const segmentGlob = fc.array(fc.constantFrom(...SEGMENT_PIECES), { minLength: 1, maxLength: 4 }).map((p) => p.join(''));
const glob = fc.array(fc.oneof(segmentGlob, fc.constant('**')), { minLength: 1, maxLength: 4 }).map((s) => s.join('/'));
/** Names never "." or ".." (a walk never meets those). */
const name = fc
  .array(fc.constantFrom(...NAME_CHARS), { minLength: 1, maxLength: 5 })
  .map((c) => c.join(''))
  .filter((n) => n !== '.' && n !== '..');
const filePath = fc.array(name, { minLength: 1, maxLength: 4 }).map((n) => n.join('/'));

const TRAILING_GLOBSTAR_AFTER_STAR = /\*(\/\*\*)+$/;

describe('glob matching (core/glob.ts)', () => {
  it('agrees with picomatch (dot: true) on random ordinary globs and paths', () => {
    fc.assert(
      fc.property(glob, filePath, fc.boolean(), (g, p, nocase) => {
        // One deliberate difference: picomatch's `x*/**` does not match the folder `xa` itself (though `x/**` matches `x`); here a trailing `/**` always may.
        if (TRAILING_GLOBSTAR_AFTER_STAR.test(g)) return;
        // tinyglobby tidied `./a` and `a/./b` before picomatch saw them, as compileGlob does.
        if (/(^|\/)\.(\/|$)/.test(g)) return;
        // picomatch reads `**{a,b}` as a globstar (though `**a` is not one); here braces expand first, so it is `**a` or `**b`.
        if (/\*\*[{}]|[{}]\*\*/.test(g)) return;
        // Braces that expand past the cap are refused with a reason (tested below), never matched.
        const problem = globSyntaxProblem(g);
        if (problem !== undefined) return assert.match(problem, /alternatives/);
        // picomatch answers a whole glob `*.*` or `**/*.*` by a shortcut that wants a character after the dot; bash,
        // minimatch and this matcher let the last star match nothing, so `a.` matches: the name has a dot.
        // And picomatch reads three or more stars in a row (not escaped) as more than one: here (as in bash) they are one star.
        const expected = /^(?:\*\*\/)?\*\.\*$/.test(g)
          ? (g.startsWith('**/') || !p.includes('/')) && p.split('/').pop()!.includes('.')
          : picomatch(g.replace(/(?<!\\)\*{3,}/g, '*'), { dot: true, nocase })(p);
        assert.equal(globMatches(compileGlob(g, { nocase }), p), expected, `${g} vs ${p} (nocase ${nocase}): picomatch says ${expected}`);
        // A list (what project walks use) splits the path once for all its globs: the same answer, alone and beside an exclusion.
        assert.equal(new GlobList([g], { nocase }).matches(p), expected, `GlobList [${g}] vs ${p}`);
        assert.equal(new GlobList(['**', `!${g}`], { nocase }).matches(p), !expected, `GlobList [**, !${g}] vs ${p}`);
      }),
      { numRuns: 4000 },
    );
  });

  it('reads [!a] as bash does, like [^a] (picomatch 4 reads it as "! or a")', () => {
    assert.equal(globMatches(compileGlob('x[!a]'), 'xa'), false);
    assert.equal(globMatches(compileGlob('x[!a]'), 'xb'), true);
    assert.equal(globMatches(compileGlob('x[!a]'), 'x!'), true);
  });

  it('knows which folders can hold a match, so a walk skips the others', () => {
    const g = compileGlob('vocabulary/{sales,extra/**}/*.vocabulary.yaml');
    assert.equal(globMayMatchBelow(g, 'vocabulary'), true);
    assert.equal(globMayMatchBelow(g, 'vocabulary/sales'), true);
    assert.equal(globMayMatchBelow(g, 'vocabulary/extra/deep/deeper'), true);
    assert.equal(globMayMatchBelow(g, 'drafts'), false);
    assert.equal(globMayMatchBelow(g, 'vocabulary/sales/x'), false);
    fc.assert(
      fc.property(glob, filePath, (g2, p) => {
        const compiled = compileGlob(g2);
        if (!globMatches(compiled, p)) return;
        const names = p.split('/');
        for (let i = 1; i < names.length; i++)
          assert.ok(globMayMatchBelow(compiled, names.slice(0, i).join('/')), `${g2} matches ${p} but would skip ${names.slice(0, i).join('/')}`);
      }),
      { numRuns: 2000 },
    );
  });

  it("the issue's hostile globs take linear time (picomatch's regular expression backtracks for minutes)", function () {
    this.timeout(60_000);
    const longName = `${'a'.repeat(60)}.playbook.yaml`;
    for (const hostile of ['*a*a*a*a*a*a*a*a!', '*a*a*a*a*a*a!', `${'*a'.repeat(40)}!`, `**/${'*a'.repeat(20)}/**/${'*a'.repeat(20)}!`]) {
      const compiled = compileGlob(hostile);
      const started = process.hrtime.bigint();
      for (const path of [longName, `${'a'.repeat(250)}.playbook.yaml`, `${'a/'.repeat(500)}${'a'.repeat(200)}`])
        assert.equal(globMatches(compiled, path), false);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      assert.ok(ms < 2_000, `${hostile}: ${ms.toFixed(0)} ms`);
    }
  });

  it('a fuzz property: any glob against any path stays within a fixed budget', function () {
    this.timeout(120_000);
    const hostilePiece = fc.constantFrom('*', '*a', 'a*', '?', '**', '/', '[a-z]', '{a,*a}', 'a', '!');
    const hostileGlob = fc.array(hostilePiece, { minLength: 1, maxLength: 60 }).map((p) => p.join(''));
    const longPath = fc
      .tuple(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 250 }), fc.constantFrom('a', 'ab', 'a/'))
      .map(([segments, length, unit]) => Array.from({ length: segments }, () => unit.repeat(length).slice(0, 255)).join('/'));
    let worst = 0;
    fc.assert(
      fc.property(hostileGlob, longPath, (g, p) => {
        if (globSyntaxProblem(g) !== undefined) return;
        const compiled = compileGlob(g);
        const started = process.hrtime.bigint();
        globMatches(compiled, p);
        worst = Math.max(worst, Number(process.hrtime.bigint() - started) / 1e6);
      }),
      { numRuns: 1500 },
    );
    // Linear matching takes well under a millisecond here; backtracking takes minutes. 250 ms absorbs a busy machine's pauses.
    assert.ok(worst < 250, `slowest match took ${worst.toFixed(1)} ms`);
  });

  it('refuses globs whose alternatives would multiply, and extended globs, with a reason', () => {
    assert.match(globSyntaxProblem('{a,b}'.repeat(9)) ?? '', new RegExp(`more than ${MAX_GLOB_ALTERNATIVES} alternatives`));
    assert.match(globSyntaxProblem('{1..100000}') ?? '', /more than/);
    assert.match(globSyntaxProblem('x'.repeat(2000)) ?? '', /characters long/);
    assert.match(globSyntaxProblem('@(a|b)/*.yaml') ?? '', /extended glob/);
    assert.equal(globSyntaxProblem('{a,b}{c,d}/**/*.playbook.{yaml,yml}'), undefined);
  });
});
