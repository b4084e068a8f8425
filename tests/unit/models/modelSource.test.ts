import { afterEach, describe, expect, it } from 'vitest';
import {
  huggingFaceFileUrl,
  isDownloadSource,
  parseModelSource,
  pickQuantization,
  sourceFileName,
} from '../../../electron/core/models/download/modelSource.js';

const file = (path: string): { path: string; size: number; sha256: null } => ({ path, size: 1, sha256: null });

describe('download sources', () => {
  afterEach(() => {
    delete process.env.HF_ENDPOINT;
  });

  it('reads hf: files, hf: quantizations and https addresses', () => {
    expect(parseModelSource('hf:unsloth/gemma-3-270m-it-GGUF/gemma-3-270m-it-Q4_K_M.gguf')).toEqual({
      kind: 'hf',
      repo: 'unsloth/gemma-3-270m-it-GGUF',
      file: 'gemma-3-270m-it-Q4_K_M.gguf',
      quant: null,
    });
    expect(parseModelSource(' hf:Qwen/Qwen3-0.6B-GGUF:Q8_0 ')).toEqual({
      kind: 'hf',
      repo: 'Qwen/Qwen3-0.6B-GGUF',
      file: null,
      quant: 'Q8_0',
    });
    expect(parseModelSource('hf:user/repo/sub/dir/m.GGUF')).toMatchObject({
      repo: 'user/repo',
      file: 'sub/dir/m.GGUF',
    });
    const url = parseModelSource('https://example.org/models/a%20b.gguf?download=1');
    expect(url.kind === 'url' && sourceFileName(url.url)).toBe('a b.gguf');
    expect(sourceFileName(new URL('https://x.org/evil%5C..%5Cname%3A.gguf'))).toBe('evil_.._name_.gguf');
    expect(parseModelSource('http://127.0.0.1:8080/m.gguf').kind).toBe('url');
    expect(isDownloadSource('hf:a/b:Q4_0')).toBe(true);
    expect(isDownloadSource('HTTPS://a/b.gguf')).toBe(true);
    expect(isDownloadSource('/home/me/hf:model.gguf')).toBe(false);
  });

  it('refuses what it cannot download, saying how to write it', () => {
    expect(() => parseModelSource('hf:user')).toThrow('write hf:<user>/<repo>/<file.gguf> for a file');
    expect(() => parseModelSource('hf:user/repo')).toThrow('write hf:<user>/<repo>/<file.gguf> for a file');
    expect(() => parseModelSource('hf:user/repo/model.safetensors')).toThrow('model.safetensors is not a .gguf file');
    expect(() => parseModelSource('ftp://example.org/m.gguf')).toThrow(
      'only https:// addresses can be downloaded from',
    );
    expect(() => parseModelSource('http://example.org/m.gguf')).toThrow('plain http only from this computer');
    expect(() => parseModelSource('https://')).toThrow('it is neither an hf: name nor a web address');
    expect(() => parseModelSource('https://example.org/%FF.gguf')).toThrow('its path has a malformed %-escape');
  });

  it('builds Hugging Face addresses, on a mirror when HF_ENDPOINT says so', () => {
    expect(huggingFaceFileUrl('u/r', 'dir/m 1.gguf').href).toBe(
      'https://huggingface.co/u/r/resolve/main/dir/m%201.gguf',
    );
    process.env.HF_ENDPOINT = 'http://127.0.0.1:9999/';
    expect(huggingFaceFileUrl('u/r', 'm.gguf').href).toBe('http://127.0.0.1:9999/u/r/resolve/main/m.gguf');
  });

  it('picks the one file of a quantization, refusing ambiguity with the choices', () => {
    const files = [
      file('README.md'),
      file('m-Q4_K_M.gguf'),
      file('m-Q4_K_S.gguf'),
      file('m-Q8_0.gguf'),
      file('mmproj-m-Q8_0.gguf'),
      file('m-IQ4_XS.gguf'),
    ];
    expect(pickQuantization('u/r', 'q4_k_m', files).path).toBe('m-Q4_K_M.gguf');
    expect(pickQuantization('u/r', 'Q8_0', files).path).toBe('m-Q8_0.gguf');
    expect(() => pickQuantization('u/r', 'Q4', files)).toThrow(
      'The Hugging Face repository u/r has no Q4 GGUF. Its GGUF files: m-Q4_K_M.gguf, m-Q4_K_S.gguf, m-Q8_0.gguf, m-IQ4_XS.gguf.',
    );
    expect(() => pickQuantization('u/r', 'Q8_0', [...files, file('other/m-Q8_0.gguf')])).toThrow(
      'Several Q8_0 files are in u/r (m-Q8_0.gguf, other/m-Q8_0.gguf)',
    );
    expect(() => pickQuantization('u/r', 'Q4_0', [file('README.md')])).toThrow('has no GGUF files');
  });
});
