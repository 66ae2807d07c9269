// Extension-host test suite for the smoke extension, written exactly like a suite for
// @vscode/test-electron: it exports run() and uses mocha. run-extension-tests.mjs loads
// it through ext-host-shim.cjs, which records every test and writes the results JSON
// out of band (the extension host's exit code does not reach the driver).
const path = require('node:path');
const Mocha = require('mocha');

exports.run = function run() {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 20000 });
  mocha.addFile(path.join(__dirname, 'smoke.test.js'));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
  });
};
