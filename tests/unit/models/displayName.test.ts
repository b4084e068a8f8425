import { describe, expect, it } from 'vitest';
import { displayName, fileStem } from '../../../electron/core/models/displayName.js';

describe('the name a model is shown by', () => {
  it('takes the published file name over a converter’s echo of a training folder', () => {
    // SmolLM2-135M-Instruct as published: general.name is its training run's folder.
    expect(
      displayName(
        { name: 'Smollm2 135M 8k Lc100K Mix1 Ep2', basename: 'smollm2', sizeLabel: '135M' },
        '/models/SmolLM2-135M-Instruct.Q4_1.gguf',
      ),
    ).toBe('SmolLM2-135M-Instruct');
  });

  it('keeps the metadata’s spelling when the file says the same words in lower case, with the size label as published', () => {
    expect(
      displayName({ name: 'Gemma 3 270m', basename: 'gemma-3', sizeLabel: '270M' }, '/models/gemma-3-270m-q4_k_m.gguf'),
    ).toBe('Gemma 3 270M');
    expect(displayName({ name: 'all-MiniLM-L6-v2', basename: null, sizeLabel: null }, 'all-MiniLM-L6-v2.gguf')).toBe(
      'all-MiniLM-L6-v2',
    );
  });

  it('uses the metadata for a generically named file, and the file when the metadata has no name', () => {
    expect(
      displayName({ name: 'Qwen2.5 0.5B Instruct', basename: 'qwen2.5', sizeLabel: '0.5B' }, '/tmp/model.gguf'),
    ).toBe('Qwen2.5 0.5B Instruct');
    expect(
      displayName({ name: null, basename: null, sizeLabel: null }, '/tmp/Mistral-7B-Instruct-v0.3.IQ3_XS.gguf'),
    ).toBe('Mistral-7B-Instruct-v0.3');
  });

  it('strips stacked quantization and precision suffixes from a file name', () => {
    expect(fileStem('C:\\models\\Phi-3-mini-4k-instruct-fp16.gguf')).toBe('Phi-3-mini-4k-instruct');
    expect(fileStem('llama-3.2-1b-instruct-q4_k_m.gguf')).toBe('llama-3.2-1b-instruct');
    expect(fileStem('qwen3-0.6b.Q8_0.gguf')).toBe('qwen3-0.6b');
  });
});
