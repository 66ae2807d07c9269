/**
 * Stands in for Node's fs, url and module in the browser bundle (see esbuild.mjs). The glob
 * library there is always handed a file system of its own (the client's listing), so none of
 * this is reached; if something ever does, it fails loudly instead of touching a disk that
 * is not there.
 */
const missing = (name: string) => () => {
  throw new Error(`${name} is not available in the browser: the workspace is read through the editor`);
};

export const readdir = missing('fs.readdir');
export const readdirSync = missing('fs.readdirSync');
export const realpath = missing('fs.realpath');
export const realpathSync = missing('fs.realpathSync');
export const stat = missing('fs.stat');
export const statSync = missing('fs.statSync');
export const lstatSync = missing('fs.lstatSync');
export const existsSync = missing('fs.existsSync');
export const fileURLToPath = missing('url.fileURLToPath');
export const pathToFileURL = missing('url.pathToFileURL');
/** fdir asks for a require at load time and tries it for an optional module: every module is missing. */
export const createRequire = () => Object.assign(missing('require'), { resolve: missing('require.resolve') });
export default { readdir, readdirSync, realpath, realpathSync, stat, statSync, lstatSync, existsSync, fileURLToPath, pathToFileURL, createRequire };
