/**
 * The requests the language server sends its client when it has no disk (the
 * browser: vscode.dev, github.dev): the client lists and reads the workspace's
 * files through the editor's file system, the server decides what they mean
 * (which files belong to a project, globs, ignore rules) with the same code
 * as on disk. File changes come back as the usual workspace/didChangeWatchedFiles.
 */

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
