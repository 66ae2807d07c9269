import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../..');
export const CLI = path.join(REPO_ROOT, 'dist/cli.js');
export const SERVER = path.join(REPO_ROOT, 'dist/server.js');
export const SAMPLES = path.join(REPO_ROOT, 'samples');
