// npm start: launch the Electron shell, or explain why it cannot start here.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let electronBinary;
try {
  electronBinary = require('electron');
} catch {
  electronBinary = undefined;
}
if (typeof electronBinary !== 'string') {
  process.stderr.write(
    'Scholium cannot start its desktop window here: the Electron binary is not installed, and it cannot be downloaded on this machine ' +
      '(npm install skips Electron\'s download; see "allowScripts" in package.json, and run `npm install-scripts approve electron` on a machine with internet access ' +
      'to fetch it). Everything else works without it: run `npm run serve` to use Scholium in your browser at a private 127.0.0.1 address, ' +
      'or `npx scholium --help` for the command line.\n',
  );
  process.exit(1);
}
const child = spawn(electronBinary, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 1));
