/**
 * The user's settings over the protocol: initializationOptions.settings at startup,
 * workspace/didChangeConfiguration ({ settings: { playbookLint } }) afterwards. Bad values
 * are named in a warning message (the rest applies); a change re-checks what it affects.
 * Also `run: onSave`: edits of an open document are held until it is saved.
 */
import { RULE_IDS } from '../core/rules';
import type { Session } from './session';
import { readUserSettings } from './user-settings';

/** Reads, reports and applies settings; re-checks every reported file when something that shows changed. */
export function applyUserSettings(session: Session, raw: unknown): void {
  const { settings, problems } = readUserSettings(raw, RULE_IDS);
  for (const problem of problems) void session.connection.window.showWarningMessage(`Playbook Lint settings: ${problem}`);
  const before = session.userSettings;
  session.userSettings = settings;
  if (before.run === 'onSave' && settings.run === 'onType') {
    // Edits held until a save are checked now.
    const held = [...session.unsaved];
    session.unsaved.clear();
    session.workspace.markDirty(held);
  }
  if (JSON.stringify(before.customizations.map((c) => [c.rule, c.severity])) !== JSON.stringify(settings.customizations.map((c) => [c.rule, c.severity]))) {
    // Severities are applied when a file's result is made (lint results stay cached): make them again.
    session.workspace.markDirty([...session.workspace.reportedPaths(), ...session.workspace.docs.keys()]);
  }
}

export function registerSettings(session: Session): void {
  const { connection } = session;
  connection.onDidChangeConfiguration((params) => {
    const settings = (params?.settings as { playbookLint?: unknown } | null | undefined)?.playbookLint;
    // A client that sends nothing under our section (or a pull-model `null`) changes nothing.
    if (settings !== undefined) applyUserSettings(session, settings);
  });
}

/** `run: onSave`: is this open document's latest text waiting for a save before it is checked? */
export function heldUntilSave(session: Session, path: string): boolean {
  return session.userSettings.run === 'onSave' && session.unsaved.has(path);
}
