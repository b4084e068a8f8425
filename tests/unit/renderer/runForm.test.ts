import { describe, expect, it } from 'vitest';
import { comparisonPreset, runRequest } from '../../../renderer/src/features/evaluation/runForm.js';

describe('evaluation run form', () => {
  it('builds the base-and-each-adapter preset from configuration 1 and the adapters chosen for its model', () => {
    const preset = comparisonPreset([
      { modelId: 'base', adapters: [{ id: 'a', scale: 0.5 }], useRetrieval: false },
      {
        modelId: 'base',
        adapters: [
          { id: 'a', scale: 2 },
          { id: 'b', scale: 1 },
        ],
        useRetrieval: true,
      },
      { modelId: 'other', adapters: [{ id: 'c', scale: 1 }], useRetrieval: true },
    ]);
    expect(preset).toEqual([
      { modelId: 'base', adapters: [], useRetrieval: true },
      { modelId: 'base', adapters: [], useRetrieval: false },
      { modelId: 'base', adapters: [{ id: 'a', scale: 0.5 }], useRetrieval: true },
      { modelId: 'base', adapters: [{ id: 'a', scale: 0.5 }], useRetrieval: false },
      { modelId: 'base', adapters: [{ id: 'b', scale: 1 }], useRetrieval: true },
      { modelId: 'base', adapters: [{ id: 'b', scale: 1 }], useRetrieval: false },
    ]);
  });

  it('turns the typed numbers into the start request, or says which one to fix', () => {
    const form = {
      setId: 's',
      configurations: [{ modelId: null, adapters: [], useRetrieval: true }],
      k: '3',
      maxTokens: '64',
      judgeModelId: null,
    };
    expect(runRequest(form)).toEqual({
      ok: true,
      value: { setId: 's', configurations: [{ modelId: null, adapters: [], useRetrieval: true }], k: 3, maxTokens: 64 },
    });
    expect(runRequest({ ...form, judgeModelId: 'judge' })).toMatchObject({
      ok: true,
      value: { judgeModelId: 'judge' },
    });
    expect(runRequest({ ...form, k: '0' })).toEqual({
      ok: false,
      error: 'Passages per question (k) is a whole number from 1 to 30.',
    });
    expect(runRequest({ ...form, maxTokens: '1.5' })).toEqual({
      ok: false,
      error: 'The answer length cap is a whole number from 1 to 2048.',
    });
    expect(runRequest({ ...form, maxTokens: '' })).toMatchObject({ ok: false });
  });
});
