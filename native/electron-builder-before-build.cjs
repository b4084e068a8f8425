// electron-builder hook: rebuild native modules against Electron's ABI before
// packaging. better-sqlite3 is a classic node-gyp addon and must match Electron's
// Node ABI; node-llama-cpp and sqlite-vec ship prebuilt N-API / loadable binaries.
// Returning true lets electron-builder go on with its own install step.
const { execFileSync } = require('node:child_process');
const path = require('node:path');

module.exports = async function beforeBuild(context) {
  const electronVersion =
    context.electronVersion ?? require(path.join(context.appDir, 'node_modules/electron/package.json')).version;
  execFileSync(
    process.platform === 'win32' ? 'npx.cmd' : 'npx',
    ['--no-install', 'electron-builder', 'install-app-deps', `--arch=${context.arch}`],
    {
      cwd: context.appDir,
      stdio: 'inherit',
      env: { ...process.env, npm_config_runtime: 'electron', npm_config_target: electronVersion },
    },
  );
  return true;
};
