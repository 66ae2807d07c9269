/**
 * The requests the language server sends its client when it has no disk (the
 * browser: vscode.dev, github.dev): the client lists and reads the workspace's
 * files through the editor's file system, the server decides what they mean
 * (which files belong to a project, globs, ignore rules) with the same code
 * as on disk. File changes come back as the usual workspace/didChangeWatchedFiles.
 */
import { ALWAYS_IGNORED, CONFIG_FILE_NAME } from '../core/file-kind';
import { SUPPRESSIONS_FILE_NAME } from '../core/suppressions';

/** Lists the candidate files under a folder (recursively; links not followed). */
export const LIST_FILES_REQUEST = 'playbook-lint/listFiles';
export interface ListFilesParams {
  /** A folder's URI. */
  folder: string;
  /** Source of a case-insensitive RegExp for the file names to return (folders are always walked). */
  names: string;
  /** Folder names never entered (node_modules, .git). */
  skipFolders: string[];
}
export interface ListFilesResult {
  /** URIs of matching files. */
  files: string[];
  /** Folders that could not be listed, with why (their files are missing from `files`). */
  unreadable: { uri: string; message: string }[];
}

/** Every name a project can hold: playbooks, vocabularies (any case, as the disk walk), the config and suppressions files. */
const CANDIDATE_NAMES = `(\\.(playbook|vocabulary)\\.ya?ml|^${CONFIG_FILE_NAME.replace(/\./g, '\\.')}|^${SUPPRESSIONS_FILE_NAME.replace(/\./g, '\\.')})$`;
const SKIP_FOLDERS = ALWAYS_IGNORED.map((g) => g.replace(/^\*\*\/|\/\*\*$/g, ''));

/** The listing the server asks for a folder (the client may start the same one before the server runs: client/src/prefetch.ts). */
export function candidateListing(folder: string): ListFilesParams {
  return { folder, names: CANDIDATE_NAMES, skipFolders: SKIP_FOLDERS };
}

/** Reads files' bytes (decoded by the server, as on disk: binary and non-UTF-8 files get one clear problem). */
export const READ_FILES_REQUEST = 'playbook-lint/readFiles';
export interface ReadFilesParams {
  uris: string[];
}
export interface ReadFilesResult {
  files: ({ uri: string; bytes: Uint8Array | number[] } | { uri: string; error: string })[];
}

/** initializationOptions flag: the client answers the requests above. */
export const CLIENT_FILE_ACCESS = 'clientFileAccess';

/** initializationOptions: a URL the worker can importScripts for the coaching checks' language model (dist/web-nlp-model.js). */
export const NLP_MODEL_OPTION = 'nlpModel';
/** The global that script defines (server/src/web/nlp-model-script.ts). */
export const NLP_MODEL_GLOBAL = 'playbookLintNlpModel';
