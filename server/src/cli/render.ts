import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Command, CommanderError } from 'commander';
import { renderSitesIndex } from '../core/render';
import type { SeverityLevel } from '../core/types';
import { resolveTargets } from '../node/discover';
import { ConfigError } from '../node/project-run';
import { type LintPool, withEarlyWorkers } from '../node/lint-engine';
import { renderProjectFast } from '../node/render-engine';
import { checkOutFolder, recordAndPrune } from '../node/site-manifest';
import type { CliIo } from './main';
import { parseRule } from './options';
import { configErrorMessage, groupByProject, threadsFrom } from './projects';
import { displayPath, plural } from './report';

interface RenderOptions {
  out: string;
  config?: string;
  rule?: { id: string; severity: SeverityLevel }[];
  showProblems?: boolean;
  title?: string;
  force?: boolean;
}

function buildRenderProgram(version: string): Command {
  return new Command('playbook-lint render')
    .description('Write a static site of playbooks: an index, one page per playbook, the glossary and a health report.')
    .version(version)
    .argument('[paths...]', 'files, folders or globs to render (default: the current folder)')
    .requiredOption(
      '-o, --out <dir>',
      'the folder to write the site into (created if missing); pages an earlier render wrote there for playbooks that are gone are removed',
    )
    .option('-c, --config <file>', 'use this config file instead of the nearest .playbook-lint.yaml')
    .option('--rule <id=severity>', "override one rule's severity for the health report and problems (repeatable)", parseRule)
    .option('--show-problems', 'show the lint problems inline on each page (off by default: a site is for readers)')
    .option('--title <name>', 'the site name shown on the index page (default: Playbooks)')
    .option('--force', 'write into a non-empty folder that an earlier render did not make (nothing already there is deleted)')
    .addHelpText(
      'after',
      '\nExit codes: 0 written, no lint errors; 1 written, with lint errors (listed in the health report);\n' +
        '2 nothing written (bad arguments, invalid config, a path that does not exist, nothing matched,\n' +
        'an --out folder that is not empty and was not written by render (see --force), the folder cannot be written).',
    )
    .showHelpAfterError('(run playbook-lint render --help for usage)')
    .exitOverride();
}

/**
 * `playbook-lint render [paths] --out DIR`: the same files, projects and
 * config as the lint, rendered by the core's renderer. One project writes
 * its site into DIR; several write one site each into DIR/<project>/ and an
 * index of them. Files that cannot be read are listed in the health report.
 */
export async function runRender(argv: string[], io: CliIo, version: string): Promise<number> {
  const program = buildRenderProgram(version).configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  const options = program.opts<RenderOptions>();
  // Workers start now and load their code while this thread lists and reads the project.
  return withEarlyWorkers('render worker', threadsFrom(io.env), true, (takeEarly) => renderTargets(program.args, options, io, takeEarly));
}

/** The render of files and folders: list, group by project, one site each (the first project's takes the early workers). */
async function renderTargets(args: string[], options: RenderOptions, io: CliIo, takeEarly: () => LintPool | undefined): Promise<number> {
  const fail = (message: string) => {
    io.stderr(`playbook-lint render: ${message}\n`);
    return 2;
  };
  const shown = (p: string) => displayPath(io.cwd, p);
  const { files, baseOf, problems } = resolveTargets(args.length ? args : ['.'], io.cwd);
  if (problems.length) return fail(problems.join('\nplaybook-lint render: '));
  if (files.length === 0) return fail('nothing to render: no *.playbook.yaml or *.vocabulary.yaml files matched');
  const out = path.resolve(io.cwd, options.out);
  const earlier = checkOutFolder(out, options.force === true);
  if ('refused' in earlier) return fail(`will not write into ${options.out}: ${earlier.refused}`);
  try {
    const grouped = groupByProject(files, baseOf, options, io.cwd);
    if (typeof grouped === 'string') return fail(grouped);
    const several = grouped.length > 1;
    const sites: { name: string; href: string }[] = [];
    let errors = 0;
    let written = 0;
    let playbooks = 0;
    const broken: string[] = [];
    const writtenFiles: string[] = [];
    for (const { config, files: wanted } of grouped) {
      const name = shown(config.root) || '.';
      const folder = several ? path.join(out, siteFolderName(name, sites.length)) : out;
      mkdirSync(folder, { recursive: true });
      const siteOptions = { showProblems: options.showProblems, name: options.title ?? (several ? name : undefined) };
      const summary = await renderProjectFast(config, wanted, folder, siteOptions, threadsFrom(io.env), takeEarly());
      sites.push({ name, href: `${path.basename(folder)}/index.html` });
      for (const list of summary.diagnostics.values()) errors += list.filter((d) => d.severity === 'error').length;
      written += summary.pages.length;
      for (const page of [...summary.pages, ...summary.assets]) writtenFiles.push(several ? `${path.basename(folder)}/${page}` : page);
      playbooks += summary.playbooks;
      for (const b of summary.broken) broken.push(shown(b.path));
    }
    if (several) {
      writeFileSync(path.join(out, 'index.html'), renderSitesIndex(options.title ?? 'Playbooks', sites));
      written++;
      writtenFiles.push('index.html');
    }
    const removed = recordAndPrune(out, writtenFiles, earlier.previous);
    io.stdout(`Rendered ${plural(playbooks, 'playbook')} (${plural(written, 'page')}) into ${shown(out) || '.'}\n`);
    if (removed.length) io.stdout(`Removed ${plural(removed.length, 'page')} an earlier render wrote that this one did not: ${removed.join(', ')}\n`);
    if (broken.length)
      io.stdout(
        `${plural(broken.length, 'file')} could not be read and ${broken.length === 1 ? 'has' : 'have'} no page (listed in the health report): ${broken.join(', ')}\n`,
      );
    if (errors) io.stdout(`${plural(errors, 'lint error')}: run playbook-lint on the same paths for details\n`);
    return errors ? 1 : 0;
  } catch (error) {
    if (error instanceof ConfigError) return fail(configErrorMessage(error, shown));
    const code = (error as NodeJS.ErrnoException).code;
    if (code && /^E[A-Z]+$/.test(code) && (error as NodeJS.ErrnoException).syscall)
      return fail(`cannot write the site into ${options.out}: ${code} (${(error as Error).message})`);
    throw error;
  }
}

/** A project's folder in a site of several: its path as a name, made safe. */
function siteFolderName(name: string, i: number): string {
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '');
  return safe ? safe : `project-${i + 1}`;
}
