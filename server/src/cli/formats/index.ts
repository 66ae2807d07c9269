import type { Colors } from 'picocolors/types';
import type { FormatName } from '../options';
import type { LintReport } from '../report';
import { formatGithub } from './github';
import { formatGitlab } from './gitlab';
import { formatJson } from './json';
import { formatJunit } from './junit';
import { formatSarif } from './sarif';
import { formatStylish } from './stylish';

export interface FormatContext {
  version: string;
  /** Only `stylish` colours its output; the others are for machines. */
  colors: Colors;
}

/** One module per format; each turns the same report into text (1-based lines and columns in all). */
export function formatReport(format: FormatName, report: LintReport, context: FormatContext): string {
  switch (format) {
    case 'json':
      return formatJson(report, context.version);
    case 'sarif':
      return formatSarif(report, context.version);
    case 'github':
      return formatGithub(report);
    case 'junit':
      return formatJunit(report);
    case 'gitlab':
      return formatGitlab(report);
    case 'stylish':
      return formatStylish(report, context.colors);
    default: {
      const unknown: never = format;
      throw new Error(`unknown format ${String(unknown)}`);
    }
  }
}
