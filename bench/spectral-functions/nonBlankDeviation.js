// tactic-missing-deviation: `deviate-when` is a non-blank string, or a list with a non-blank string.
export default (tactic) => {
  if (tactic === null || typeof tactic !== 'object') return;
  const dev = tactic['deviate-when'];
  const ok = typeof dev === 'string' ? dev.trim() !== '' : Array.isArray(dev) && dev.some((d) => typeof d === 'string' && d.trim() !== '');
  if (!ok) return [{ message: dev === undefined ? 'tactic has no deviate-when' : 'tactic has no non-blank deviate-when entry' }];
};
