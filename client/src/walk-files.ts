/**
 * Walks a folder with workspace.fs: every file system has readDirectory, not all can search
 * (an in-memory `tmp:` folder has no search provider, and findFiles waits for one forever).
 * Symbolic links are not followed, as on disk; a few folders are read at a time.
 */
import * as vscode from 'vscode';

export interface Walked {
  files: vscode.Uri[];
  /** Folders that could not be read, with why. */
  unreadable: { uri: string; message: string }[];
}

export async function walkFiles(
  folder: vscode.Uri,
  wanted: (name: string) => boolean,
  skipFolders: ReadonlySet<string>,
  limit = Infinity,
  /** Told of each file as it is found (its reading can start before the walk ends). */
  onFile?: (uri: vscode.Uri) => void,
): Promise<Walked> {
  const out: Walked = { files: [], unreadable: [] };
  const queue = [folder];
  const walkOne = async (dir: vscode.Uri) => {
    let entries: [string, vscode.FileType][];
    try {
      entries = await vscode.workspace.fs.readDirectory(dir);
    } catch (error) {
      out.unreadable.push({ uri: dir.toString(), message: (error as Error)?.message ?? String(error) });
      return;
    }
    for (const [name, type] of entries) {
      if (type & vscode.FileType.SymbolicLink) continue;
      if (type & vscode.FileType.Directory) {
        if (!skipFolders.has(name)) queue.push(vscode.Uri.joinPath(dir, name));
      } else if (wanted(name)) {
        const uri = vscode.Uri.joinPath(dir, name);
        out.files.push(uri);
        onFile?.(uri);
      }
    }
  };
  while (queue.length && out.files.length < limit) await Promise.all(queue.splice(0, 16).map(walkOne));
  return out;
}
