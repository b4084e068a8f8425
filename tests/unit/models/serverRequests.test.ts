import { describe, expect, it } from 'vitest';
import { requestBody } from '../../../electron/core/models/remote/remoteGeneration.js';
import { serverKind } from '../../../electron/core/models/remote/servedModels.js';
import { statusFault } from '../../../electron/core/models/remote/serverFaults.js';
import { serverAddress } from '../../../electron/core/models/remote/serverUrl.js';

const sampling = {
  topK: 40,
  minP: 0.05,
  repeatPenalty: { penalty: 1.1, lastTokens: 128, presencePenalty: 0.2 },
  dry: { strength: 0.8, allowedLength: 3 },
};
const request = { model: 'm', messages: [{ role: 'user' as const, content: 'q' }], maxTokens: 64, temperature: 0 };

describe('talking to an OpenAI-compatible server', () => {
  it('reads an address as the API base, with or without /v1, and refuses credentials or a query in it', () => {
    for (const typed of [
      'http://gpu-box:8080',
      'http://gpu-box:8080/',
      'http://gpu-box:8080/v1',
      ' http://gpu-box:8080/v1/ ',
    ])
      expect(serverAddress(typed)).toMatchObject({ base: 'http://gpu-box:8080/v1', root: 'http://gpu-box:8080' });
    expect(serverAddress('https://lab.example/llm/v1').root).toBe('https://lab.example/llm');
    expect(() => serverAddress('http://me:secret@gpu-box:8080')).toThrow(/API key in its own field/);
    expect(() => serverAddress('http://gpu-box:8080/v1?key=1')).toThrow(/no query/);
    expect(() => serverAddress('ftp://gpu-box')).toThrow(/http:\/\/ or https:\/\//);
    expect(() => serverAddress('gpu-box:8080')).toThrow();
  });

  it('tells the server’s kind from its model list', () => {
    const listed = (ownedBy: string) => [{ id: 'x', ownedBy, contextLength: null, parameters: null, sizeBytes: null }];
    expect(serverKind(listed('llamacpp'))).toBe('llama.cpp');
    expect(serverKind(listed('vllm'))).toBe('vllm');
    expect(serverKind(listed('library'))).toBe('ollama');
    expect(serverKind(listed('organization_owner'))).toBe('lm-studio');
    expect(serverKind(listed('openai'))).toBe('openai-compatible');
  });

  it('sends the grammar and samplers each kind reads, and only the OpenAI fields to others', () => {
    const llama = requestBody('llama.cpp', { ...request, sampling, grammar: 'root ::= "a"' });
    expect(llama).toMatchObject({
      model: 'm',
      stream: true,
      max_tokens: 64,
      grammar: 'root ::= "a"',
      top_k: 40,
      min_p: 0.05,
      repeat_penalty: 1.1,
      repeat_last_n: 128,
      presence_penalty: 0.2,
      dry_multiplier: 0.8,
      dry_allowed_length: 3,
    });
    expect(requestBody('vllm', { ...request, sampling, grammar: 'g' })).toMatchObject({
      guided_grammar: 'g',
      repetition_penalty: 1.1,
      top_k: 40,
    });
    const plain = requestBody('ollama', { ...request, sampling, grammar: 'g' });
    expect(Object.keys(plain).sort()).toEqual(
      ['max_tokens', 'messages', 'model', 'presence_penalty', 'stream', 'stream_options', 'temperature'].sort(),
    );
    expect(requestBody('lm-studio', { ...request, messages: undefined, prompt: 'p' })).toMatchObject({ prompt: 'p' });
  });

  it('explains refusals and says when to try again', () => {
    const server = { name: 'box', base: 'http://box:8080/v1' };
    expect(statusFault(server, 401, '{"error":{"message":"bad key"}}', null).code).toBe('UNAUTHORIZED');
    const busy = statusFault(server, 429, '', '3');
    expect(busy).toMatchObject({ code: 'MODEL_SERVER', repeat: 'refused', retryAfterMs: 3000 });
    expect(statusFault(server, 503, '', '600').retryAfterMs).toBe(10_000);
    expect(statusFault(server, 404, '', null, 'llama-70b').message).toMatch(/no longer serves the model "llama-70b"/);
    expect(statusFault(server, 500, 'x'.repeat(1000), null)).toMatchObject({ repeat: 'never' });
    expect(statusFault(server, 500, 'x'.repeat(1000), null).message.length).toBeLessThan(420);
    expect(statusFault(server, 502, '', null).repeat).toBe('maybe');
  });
});
