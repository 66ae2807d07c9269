/**
 * Preloaded into the real CLI (`node --require fs-hooks.cjs dist/cli.js …`) by
 * test/fuzz/hostile.test.ts. It changes nothing unless asked to, through env:
 *
 *  FS_AUDIT_LOG=<file>   append one line per file-system access that reads
 *                        content or lists a folder, or looks at a file THROUGH a
 *                        link (statSync, existsSync; lstat looks at the link itself
 *                        and is not logged): `<op>\t<absolute path>`.
 *  FS_ON_READ=<json>     { "path": <abs>, "action": "rewrite" | "delete" | "symlink",
 *                          "content"?: string, "target"?: string }: just before the
 *                          CLI first opens or reads that file, rewrite it, delete it or
 *                          swap it for a symlink — a file that changes between the
 *                          listing and the read, deterministically.
 *
 * Patching the `fs` module object works for the bundle: esbuild calls
 * `(0, import_fs.readFileSync)(…)`, a property read at call time.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const original = {
  readFileSync: fs.readFileSync,
  openSync: fs.openSync,
  readdirSync: fs.readdirSync,
  readdir: fs.readdir,
  opendirSync: fs.opendirSync,
  open: fs.open,
  readFile: fs.readFile,
  appendFileSync: fs.appendFileSync,
  writeFileSync: fs.writeFileSync,
  unlinkSync: fs.unlinkSync,
  symlinkSync: fs.symlinkSync,
  statSync: fs.statSync,
  existsSync: fs.existsSync,
};

const logFile = process.env.FS_AUDIT_LOG;
const onRead = process.env.FS_ON_READ ? JSON.parse(process.env.FS_ON_READ) : undefined;
let triggered = false;

function abs(p) {
  if (typeof p === 'number') return undefined; // a file descriptor: its open was logged
  if (Buffer.isBuffer(p)) p = p.toString();
  if (p instanceof URL) p = p.pathname;
  return typeof p === 'string' ? path.resolve(p) : undefined;
}

/** Before an access: the change between listing and reading, if this is the file and the first time. */
function before(op, p) {
  const file = abs(p);
  if (!file || !onRead || triggered || op === 'readdir' || file !== path.resolve(onRead.path)) return;
  triggered = true;
  if (onRead.action === 'rewrite') original.writeFileSync(file, onRead.content);
  else if (onRead.action === 'delete') original.unlinkSync(file);
  else if (onRead.action === 'symlink') {
    original.unlinkSync(file);
    original.symlinkSync(onRead.target, file);
  }
}

/** After a successful access: one log line (a failed open read nothing, so it is not logged). */
function after(op, p) {
  const file = abs(p);
  if (file && logFile) original.appendFileSync(logFile, `${op}\t${file}\n`);
}

function wrapSync(name, op) {
  const fn = original[name];
  fs[name] = function (p, ...rest) {
    before(op, p);
    const result = fn.call(this, p, ...rest);
    after(op, p);
    return result;
  };
}

function wrapAsync(name, op) {
  const fn = original[name];
  fs[name] = function (p, ...rest) {
    before(op, p);
    const callback = rest.length && typeof rest[rest.length - 1] === 'function' ? rest.pop() : undefined;
    return fn.call(this, p, ...rest, (error, ...values) => {
      if (!error) after(op, p);
      if (callback) callback(error, ...values);
    });
  };
}

wrapSync('readFileSync', 'read');
wrapSync('statSync', 'stat');
// existsSync never throws: log only the paths it found (through a link, if one is there).
fs.existsSync = function (p) {
  const found = original.existsSync.call(this, p);
  if (found) after('stat', p);
  return found;
};
wrapSync('openSync', 'open');
wrapSync('readdirSync', 'readdir');
wrapSync('opendirSync', 'readdir');
wrapAsync('readFile', 'read');
wrapAsync('open', 'open');
wrapAsync('readdir', 'readdir');
