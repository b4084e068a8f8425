// npm start (after npm run build): launch the Electron shell, or explain why it cannot start here.
import { spawn } from 'node:child_process';
import { installedElectronBinary, NO_ELECTRON_MESSAGE } from '../dist/native/electronBinary.js';

const electronBinary = installedElectronBinary();
if (electronBinary === null) {
  process.stderr.write(`${NO_ELECTRON_MESSAGE}\n`);
  process.exit(1);
}
const child = spawn(electronBinary, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 1));
