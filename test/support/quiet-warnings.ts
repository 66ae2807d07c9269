/** The yaml package warns through process.emitWarning on odd keys; keep the test output readable. Returns the restore. */
export function quietWarnings(): () => void {
  const listeners = process.listeners('warning');
  process.removeAllListeners('warning');
  process.on('warning', () => {});
  return () => {
    process.removeAllListeners('warning');
    for (const l of listeners) process.on('warning', l);
  };
}
