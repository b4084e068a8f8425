/**
 * The project's boundaries, checked by `npm run lint` (dependency-cruiser).
 * Type-only imports count too: a boundary is about what a module knows.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-import-cycles',
      comment: 'Modules never import each other, directly or through others.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-folder-cycles',
      comment:
        'Sibling folders (concerns, parts of a concern, the renderer’s shell, kit and features) depend one way only.',
      severity: 'error',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
    {
      name: 'shells-use-the-core-entry',
      comment:
        'Electron main, the CLI and the loopback host reach the core only through electron/core/index.ts, ' +
        'its public entry (and talk to it in the contract).',
      severity: 'error',
      from: { path: '^electron/(main|cli|host)/' },
      to: { path: '^electron/core/', pathNot: '^electron/core/index\\.ts$' },
    },
    {
      name: 'core-knows-no-shell',
      comment: 'The core runs the same under Electron, the host and the CLI: it never imports them or the renderer.',
      severity: 'error',
      from: { path: '^electron/core/' },
      to: { path: '^(electron/(main|preload|host|cli)|renderer)/' },
    },
    {
      name: 'contract-stands-alone',
      comment: 'The contract is the door between renderer and core: it imports neither of them, nor a shell.',
      severity: 'error',
      from: { path: '^electron/contract/' },
      to: { path: '^(electron/(core|main|preload|host|cli)|renderer)/' },
    },
  ],
  options: {
    exclude: { path: '^(node_modules|dist|release|test-results|playwright-report)/' },
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
  },
};
