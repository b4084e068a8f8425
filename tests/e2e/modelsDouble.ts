import type { OpHandler, Reply } from './apiDouble.js';

/*
 * A stand-in for the models service, for the Models view's tests until the
 * core's service lands. It refuses what the real one must refuse (a path
 * that is not a GGUF) with the kind of sentence the view has to show.
 */
const ok = (value: unknown): Reply => ({ ok: true, value });

export function modelsHandlers(): { handlers: Record<string, OpHandler>; calls: { op: string; payload: Record<string, unknown> }[] } {
  const calls: { op: string; payload: Record<string, unknown> }[] = [];
  const models: Record<string, unknown>[] = [];
  const defaults: Record<string, string | null> = { chat: null, embedding: null, reranker: null };
  const adapters = [
    {
      adapterId: 'lora-concise',
      name: 'concise-answers',
      file: '/models/concise.lora.gguf',
      stored: false,
      source: 'peft',
      architecture: 'gemma3',
      rank: 8,
      alpha: 16,
      targets: 36,
      sizeBytes: 2_000_000,
      addedAt: '2026-01-01T00:00:00Z',
      compatibility: [] as { modelId: string; compatible: boolean; reason: string | null }[],
    },
    {
      adapterId: 'lora-llama',
      name: 'llama-style',
      file: '/models/llama.lora.gguf',
      stored: false,
      source: 'gguf',
      architecture: 'llama',
      rank: 4,
      alpha: 8,
      targets: 44,
      sizeBytes: 1_000_000,
      addedAt: '2026-01-01T00:00:00Z',
      compatibility: [] as { modelId: string; compatible: boolean; reason: string | null }[],
    },
  ];
  const record =
    (op: string, handler: OpHandler): OpHandler =>
    (payload, emit) => {
      calls.push({ op, payload });
      return handler(payload, emit);
    };
  const handlers: Record<string, OpHandler> = {
    'models.list': () => ok(models),
    'models.defaults': () => ok(defaults),
    'adapters.list': () => ok(adapters),
    'models.add': record('models.add', (p) => {
      const path = String(p.path);
      if (!path.endsWith('.gguf')) return { ok: false, error: { code: 'INVALID_REQUEST', message: `${path} is not a GGUF model file (its first bytes are not "GGUF").` } };
      const model = {
        modelId: 'gemma',
        name: 'gemma-3-270m-it Q4_K_M',
        file: path,
        stored: p.copy === true,
        source: 'gguf',
        architecture: 'gemma3',
        parameters: '270M',
        parameterCount: 268_098_176,
        quantization: 'Q4_K_M',
        contextLength: 32768,
        embeddingLength: 640,
        chatTemplate: true,
        canRank: false,
        sizeBytes: 253_000_000,
        roles: ['chat'],
        defaultFor: [],
        memory: { needBytes: 420_000_000, freeBytes: 6_000_000_000, fits: true, note: 'Needs about 0.4 GiB of memory; 5.6 GiB is free.' },
        addedAt: '2026-01-01T00:00:00Z',
      };
      models.push(model);
      adapters[0]!.compatibility = [{ modelId: 'gemma', compatible: true, reason: null }];
      adapters[1]!.compatibility = [{ modelId: 'gemma', compatible: false, reason: 'it was trained for a llama model, and this is a gemma3 model.' }];
      return ok(model);
    }),
    'models.setDefault': record('models.setDefault', (p) => {
      defaults[String(p.role)] = (p.modelId as string | null) ?? null;
      return ok(defaults);
    }),
  };
  return { handlers, calls };
}
