import { describe, expect, it } from 'vitest';
import { compatibleAdapters, describeConfig, initialConfigs } from '../../../renderer/src/lib/compareConfig.js';
import type { AdapterInfo, ModelInfo } from '../../../electron/contract/ops/models.js';
import { excerpt } from '../../../renderer/src/components/answer/excerpt.js';

const model = (modelId: string, roles: ModelInfo['roles']): ModelInfo => ({
  modelId,
  name: modelId.toUpperCase(),
  file: `/m/${modelId}.gguf`,
  stored: false,
  source: 'gguf',
  server: null,
  architecture: 'gemma3',
  parameters: '270M',
  parameterCount: 270_000_000,
  quantization: 'Q4_K_M',
  contextLength: 4096,
  embeddingLength: 640,
  chatTemplate: roles.includes('chat'),
  canRank: false,
  sizeBytes: 1,
  roles,
  defaultFor: [],
  memory: { needBytes: 1, freeBytes: 2, fits: true, note: '' },
  addedAt: '2026-01-01T00:00:00Z',
});
const adapter = (adapterId: string, fits: Record<string, boolean>): AdapterInfo => ({
  adapterId,
  name: adapterId,
  file: `/a/${adapterId}.gguf`,
  stored: false,
  source: 'gguf',
  architecture: 'gemma3',
  rank: 8,
  alpha: 16,
  targets: 4,
  sizeBytes: 1,
  addedAt: '2026-01-01T00:00:00Z',
  compatibility: Object.entries(fits).map(([modelId, compatible]) => ({
    modelId,
    compatible,
    reason: compatible ? null : 'shape mismatch',
  })),
});

describe('compare configurations', () => {
  const models = [model('embed', ['embedding']), model('chat', ['chat'])];
  const adapters = [adapter('other', { chat: false }), adapter('tuned', { chat: true })];

  it('starts as the chat model alone against the same model with its first compatible adapter', () => {
    expect(initialConfigs(models, adapters, null)).toEqual([
      { modelId: 'chat', adapters: [], useRetrieval: true },
      { modelId: 'chat', adapters: [{ id: 'tuned', scale: 1 }], useRetrieval: true },
    ]);
  });

  it('falls back to with and without retrieval when no adapter fits', () => {
    expect(initialConfigs(models, [adapters[0]!], 'chat')[1]).toEqual({
      modelId: 'chat',
      adapters: [],
      useRetrieval: false,
    });
  });

  it('offers only adapters checked compatible with the model, none without a model', () => {
    expect(compatibleAdapters(adapters, 'chat').map((a) => a.adapterId)).toEqual(['tuned']);
    expect(compatibleAdapters(adapters, null)).toEqual([]);
  });

  it('describes a configuration in words', () => {
    expect(
      describeConfig(
        { modelId: 'chat', adapters: [{ id: 'tuned', scale: 0.5 }], useRetrieval: false },
        models,
        adapters,
      ),
    ).toBe('CHAT + tuned ×0.50, without retrieval');
    expect(describeConfig({ modelId: null, adapters: [], useRetrieval: true }, models, adapters)).toBe(
      'No model (quoted sentences)',
    );
  });
});

describe('passage excerpt around a quote', () => {
  const text = `${'lead '.repeat(60)}the quoted words${' tail'.repeat(60)}`;
  it('keeps the quote whole with a little context cut at word boundaries', () => {
    const start = text.indexOf('the quoted');
    const e = excerpt(text, start, start + 'the quoted words'.length, 20);
    expect(e.quote).toBe('the quoted words');
    expect(e.before).toBe('…lead lead lead ');
    expect(e.after).toBe(' tail tail tail…');
  });

  it('shows the start of the passage when the quote was not located', () => {
    const e = excerpt(text, null, null, 10);
    expect(e).toEqual({ before: 'lead lead lead lead…', quote: '', after: '' });
  });
});
