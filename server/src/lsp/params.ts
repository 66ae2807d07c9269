/** Checking request parameters, and turning failures into LSP error replies. */
import { ErrorCodes, LSPErrorCodes, ResponseError, type Connection } from 'vscode-languageserver';
import type { Position } from '../core/types';
import { ServiceError } from '../services/types';

export const invalid = (message: string) => new ResponseError(ErrorCodes.InvalidParams, message);

export function requirePosition(p: unknown): Position {
  const pos = p as Position | undefined;
  if (!pos || typeof pos !== 'object' || !Number.isInteger(pos.line) || !Number.isInteger(pos.character) || pos.line < 0 || pos.character < 0) {
    throw invalid('params.position must be { line, character } with non-negative integers');
  }
  return pos;
}

export function requireUri(params: unknown): string {
  const uri = (params as { textDocument?: { uri?: unknown } } | undefined)?.textDocument?.uri;
  if (typeof uri !== 'string') throw invalid('params.textDocument.uri must be a string');
  return uri;
}

export function requireRange(r: unknown): { start: Position; end: Position } {
  const range = r as { start?: unknown; end?: unknown } | undefined;
  if (!range || typeof range !== 'object') throw invalid('params.range must be { start, end }');
  return { start: requirePosition(range.start), end: requirePosition(range.end) };
}

/** Wraps a handler: refusals become RequestFailed with the service's message, bugs an InternalError; nothing escapes. */
export function guard<P, R>(connection: Connection, name: string, fn: (params: P) => R | Promise<R>): (params: P) => Promise<R> {
  return async (params: P) => {
    try {
      return await fn(params);
    } catch (error) {
      if (error instanceof ResponseError) throw error;
      if (error instanceof ServiceError) throw new ResponseError(LSPErrorCodes.RequestFailed, error.message);
      connection.console.error(`${name} failed: ${(error as Error)?.stack ?? error}`);
      throw new ResponseError(ErrorCodes.InternalError, `${name} failed: ${(error as Error)?.message ?? error}`);
    }
  };
}
