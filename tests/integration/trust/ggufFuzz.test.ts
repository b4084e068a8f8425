import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScholiumError } from '../../../electron/contract/index.js';
import { writeForcingAdapter, writeTinyLlama } from '../../fixtures/gguf/tinyModels.js';
import { addTinyChat, fileScopedDir, openModels, TOKEN_A, type Harness } from '../models/harness.js';
import { scanGgufHeader } from '../../../electron/core/models/gguf/ggufHeaderScan.js';
import { FUZZ_SEED, GGUF_CASES, mutateGguf, seeded } from './mutations.js';

// Mutated GGUF models and LoRA adapters (headers, counts, types, lengths,
// shapes, offsets) are refused by Scholium's checks before llama.cpp sees
// them; any that pass must load and run. The runtime process never dies.

const messages = [{ role: 'user' as const, content: 'summarise the method' }];
const ctx = { emit: () => undefined, signal: new AbortController().signal };
const CASE_MS = 20_000;

function timeBox<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(`${what} hung for ${CASE_MS / 1000} s`)), CASE_MS)),
  );
  return Promise.race([work, hang]).finally(() => clearTimeout(timer));
}

describe(`${GGUF_CASES} mutated GGUF models and adapters (seed ${FUZZ_SEED})`, () => {
  let h: Harness;
  let baseline: string;
  beforeAll(async () => {
    h = openModels(fileScopedDir());
    await addTinyChat(h);
    baseline = (await h.service.generate({ messages, maxTokens: 10 })).text;
  });
  afterAll(async () => {
    await h.close();
  });

  it('refuses each damaged file with a specific error, runs any that pass, and keeps the runtime alive', async () => {
    const handlers = h.service.handlers();
    const sources = {
      model: writeTinyLlama(path.join(h.dir, 'source-model.gguf')),
      adapter: writeForcingAdapter(path.join(h.dir, 'source-adapter.gguf'), { token: TOKEN_A }),
    };
    const model = fs.readFileSync(sources.model);
    const adapter = fs.readFileSync(sources.adapter);
    const layouts = { model: scanGgufHeader(sources.model), adapter: scanGgufHeader(sources.adapter) };
    const pid = h.service.runtime.pid;
    const outcomes = { refused: 0, accepted: 0 };
    const problems: string[] = [];
    let restarts = 0;

    for (let i = 0; i < GGUF_CASES; i++) {
      const r = seeded(FUZZ_SEED + i);
      const kind = r.int(3) === 0 ? 'adapter' : 'model';
      const mutant = mutateGguf(kind === 'model' ? model : adapter, layouts[kind], r);
      const file = path.join(h.dir, `case-${i}.gguf`);
      fs.writeFileSync(file, mutant.bytes);
      const label = `case ${i} (${kind}, ${mutant.what})`;
      try {
        await timeBox(
          (async () => {
            if (kind === 'model') {
              const info = await handlers['models.add']({ path: file, copy: false, name: `case-${i}` }, ctx);
              // It passed every check: it must load and generate, or fail with a clear error.
              await h.service.generate({ messages, modelId: info.modelId, maxTokens: 3 }).catch((e: unknown) => {
                if (!(e instanceof ScholiumError)) throw e;
              });
              await handlers['models.remove']({ modelId: info.modelId }, ctx);
            } else {
              const info = await handlers['adapters.add']({ path: file, copy: false, name: `case-${i}` }, ctx);
              await h.service
                .generate({ messages, adapters: [{ id: info.adapterId, scale: 1 }], maxTokens: 3 })
                .catch((e: unknown) => {
                  if (!(e instanceof ScholiumError)) throw e;
                });
              await handlers['adapters.remove']({ adapterId: info.adapterId }, ctx);
            }
          })(),
          label,
        );
        outcomes.accepted++;
      } catch (error) {
        if (
          error instanceof ScholiumError &&
          error.code === 'INVALID_MODEL' &&
          error.message.includes(`case-${i}.gguf`)
        )
          outcomes.refused++;
        else
          problems.push(
            `${label}: ${error instanceof ScholiumError ? error.code : 'unexpected'} ${String(error instanceof Error ? error.message : error)}`,
          );
      }
      fs.rmSync(file, { force: true });
      const status = await handlers['models.status']({}, ctx);
      if (status.restarts !== restarts) problems.push(`${label}: the runtime restarted: ${status.lastCrash}`);
      restarts = status.restarts;
    }

    console.info(
      `GGUF fuzz: ${GGUF_CASES} cases, ${outcomes.refused} refused, ${outcomes.accepted} accepted and ran, ${problems.length} problems`,
    );
    expect(problems).toEqual([]);
    expect(outcomes.refused).toBeGreaterThan(GGUF_CASES / 2);
    const status = await handlers['models.status']({}, ctx);
    expect({ pid: status.pid, restarts: status.restarts, lastCrash: status.lastCrash }).toEqual({
      pid,
      restarts: 0,
      lastCrash: null,
    });
    expect((await h.service.generate({ messages, maxTokens: 10 })).text).toBe(baseline);
  }, 600_000);
});
