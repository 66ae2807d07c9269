import type { Colors } from 'picocolors/types';
import type { FormatName } from '../options';
import type { LintReport } from '../report';
import { formatJson } from './json';
import { formatStylish } from './stylish';

export interface FormatContext {
  version: string;
  colors: Colors;
}

export function formatReport(format: FormatName, report: LintReport, context: FormatContext): string {
  switch (format) {
    case 'json':
      return formatJson(report, context.version);
    case 'stylish':
    default:
      return formatStylish(report, context.colors);
  }
}
