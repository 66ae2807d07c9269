/**
 * File changes on disk (from the client's watcher or the server's own poller): files added,
 * changed or removed in their projects; a config appearing or vanishing re-discovers its folder.
 * An open document's text wins over the disk while it is open.
 */
import { dirName } from '../core/paths';
import { fileKindOf } from '../core/file-kind';
import type { Workspace } from './workspace';
import { reconfigure } from './workspace-config';
import type { Project } from './workspace-project';
import { suppressionsChanged } from './workspace-suppressions';
import { isSuppressionsFile } from '../core/suppressions';

export interface DiskEvent {
  path: string;
  type: 'created' | 'changed' | 'deleted';
}

/** File changes on disk (from the client's watcher or the server's own). */
export function applyDiskEvents(ws: Workspace, events: readonly DiskEvent[]): void {
  const rescan = new Set<Project>();
  const reload = new Set<string>();
  for (const { path, type } of events) {
    ws.recent.delete(path);
    ws.prelinted.delete(path);
    if (isSuppressionsFile(path)) {
      const project = ws.projects.get(dirName(path));
      if (project) suppressionsChanged(ws, project);
      continue;
    }
    const kind = fileKindOf(path);
    if (kind === 'config') {
      const root = dirName(path);
      const project = ws.projects.get(root);
      if (type === 'changed' && project) {
        if (!ws.docs.has(path)) reconfigure(ws, project);
      } else {
        // A config appearing or vanishing moves the project boundaries of its folder.
        const folder = [...ws.folders].filter((f) => path.startsWith(`${f}/`)).sort((a, b) => b.length - a.length)[0];
        if (folder) reload.add(folder);
        else if (project) reconfigure(ws, project);
      }
      continue;
    }
    if (!kind) {
      // A folder deleted or renamed: every known file below it is gone.
      if (type === 'deleted') {
        for (const project of ws.projects.values()) {
          for (const file of [...project.files]) if (file.startsWith(`${path}/`) && !ws.docs.has(file)) ws.removeFile(project, file);
        }
      } else if (type === 'created') {
        for (const project of ws.projects.values()) if (project.contains(path) || project.root.startsWith(`${path}/`)) rescan.add(project);
      }
      continue;
    }
    const project = ws.projectOf(path);
    if (!project) continue;
    if (ws.docs.has(path)) continue; // the editor's text wins while the document is open
    if (project.loading && type !== 'deleted') project.changedWhileLoading.add(path);
    if (type === 'deleted') {
      if (project.files.has(path)) ws.removeFile(project, path);
    } else if (project.files.has(path)) {
      ws.refreshClosed(project, path);
    } else {
      rescan.add(project);
    }
  }
  for (const project of rescan) {
    if (ws.projects.get(project.root) !== project) continue;
    if (project.loading) {
      project.rescanAfterLoad = true;
      continue;
    }
    for (const f of ws.listFiles(project)) if (!project.files.has(f)) ws.addFile(project, f);
  }
  for (const folder of reload) void ws.reloadFolder(folder);
}
