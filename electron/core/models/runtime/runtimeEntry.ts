/**
 * The model runtime process. The core forks it (a child process in host and
 * CLI mode; Electron may start the same file as a utilityProcess), so when
 * llama.cpp aborts (GGML_ASSERT, exit 134) only this process dies and the core
 * reports it and starts a fresh one. Never imports electron.
 */
import { ScholiumError, type ApiError } from '../../../contract/index.js';
import { LlamaEngine } from './engine.js';
import type { RequestMessage, RuntimeMessage } from './protocol.js';
import { TokenBatcher } from './tokenBatcher.js';

interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}
const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

function post(message: RuntimeMessage): void {
  if (parentPort !== undefined) parentPort.postMessage(message);
  else process.send?.(message);
}

function toError(error: unknown): ApiError {
  if (error instanceof ScholiumError) return { code: error.code, message: error.message };
  return { code: 'MODEL_RUNTIME', message: error instanceof Error ? error.message : String(error) };
}

const engine = new LlamaEngine();
const running = new Map<number, AbortController>();

async function handle(message: RequestMessage): Promise<unknown> {
  switch (message.type) {
    case 'init':
      return engine.init(message.payload);
    case 'load':
      return engine.load(message.payload);
    case 'unload':
      return { unloaded: await engine.unload(message.payload.modelId) };
    case 'generate': {
      const controller = new AbortController();
      running.set(message.id, controller);
      const tokens = new TokenBatcher((text) => post({ kind: 'token', id: message.id, text }));
      try {
        return await engine.generate(message.payload, controller.signal, (text) => tokens.push(text));
      } finally {
        tokens.flush();
        running.delete(message.id);
      }
    }
    case 'abort': {
      const controller = running.get(message.payload.target);
      controller?.abort();
      return { aborted: controller !== undefined };
    }
    case 'countTokens':
      return engine.countTokens(message.payload);
    case 'embed':
      return engine.embed(message.payload);
    case 'rank':
      return engine.rank(message.payload);
    case 'status':
      return engine.status();
    case 'shutdown':
      for (const c of running.values()) c.abort();
      await engine.dispose();
      setImmediate(() => process.exit(0));
      return { ok: true };
  }
}

function onMessage(data: unknown): void {
  const message = data as RequestMessage;
  handle(message).then(
    (value) => post({ kind: 'reply', id: message.id, ok: true, value }),
    (error: unknown) => post({ kind: 'reply', id: message.id, ok: false, error: toError(error) }),
  );
}

if (parentPort !== undefined) parentPort.on('message', (event) => onMessage(event.data));
else process.on('message', onMessage);
// The core went away: nothing will ask for tokens any more.
process.once('disconnect', () => process.exit(0));
post({ kind: 'ready', pid: process.pid });
