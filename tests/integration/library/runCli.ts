// Runs the scholium CLI from its TypeScript sources (node --import tsx runCli.ts <args>),
// so the library's CLI tests do not depend on a fresh `npm run build`.
import { main } from '../../../electron/cli/index.js';

await main(process.argv);
