import type { Command } from 'commander';
import { ScholiumError } from '../../contract/index.js';
import type { ServedModel, ServerInfo } from '../../contract/ops/servers.js';
import { unwrap } from '../output.js';
import { withCore, type Globals } from '../withCore.js';

function describeServer(s: ServerInfo): string {
  return [
    `${s.serverId}: ${s.name}, ${s.kind} at ${s.url}${s.hasKey ? ' (API key kept)' : ''}`,
    `  registered models: ${s.models.length > 0 ? s.models.join(', ') : 'none'}`,
  ].join('\n');
}

function describeServed(models: readonly ServedModel[]): string {
  if (models.length === 0) return '  it offers no models now';
  return models
    .map(
      (m) =>
        `  ${m.model}${m.contextLength === null ? '' : `, context ${m.contextLength}`}${m.registeredAs === null ? '' : `  [registered as ${m.registeredAs}]`}`,
    )
    .join('\n');
}

/**
 * The key from --api-key, or from the environment variable --api-key-env names (kept out of shell history); null
 * for --no-api-key (removes a stored key); undefined keeps a stored one.
 */
function apiKey(opts: { apiKey?: string | false; apiKeyEnv?: string }): string | null | undefined {
  if (opts.apiKey === false) return null;
  if (opts.apiKeyEnv === undefined) return opts.apiKey;
  const key = process.env[opts.apiKeyEnv];
  if (key === undefined || key === '')
    throw new ScholiumError('INVALID_REQUEST', `The environment variable ${opts.apiKeyEnv} is not set.`);
  return key;
}

function parseRole(value: string): 'chat' | 'embedding' {
  if (value === 'chat' || value === 'embedding') return value;
  throw new ScholiumError('INVALID_REQUEST', `A model on a server serves as chat or embedding (got "${value}").`);
}

/** `scholium models add-server | servers | remove-server | add-remote`: models on an inference server. */
export function registerServerCommands(models: Command, globals: Globals): void {
  models
    .command('add-server <url>')
    .description(
      'use an OpenAI-compatible inference server (llama-server, vLLM, Ollama, LM Studio): lists its models, and lets ' +
        'Scholium reach that address and no other; the same address again changes its name or key',
    )
    .option('--api-key <key>', 'sent as a bearer token; kept in the library folder, readable only by you')
    .option('--api-key-env <VAR>', 'read the API key from this environment variable instead')
    .option('--no-api-key', 'remove the key stored for this server (added again without either, it keeps its key)')
    .option('--name <name>', 'what to call the server (default: its host and port)')
    .option('--chat <model>', 'also register this model of the server as a chat model')
    .option('--embedding <model>', 'also register this model of the server as an embedding model')
    .action(
      (
        url: string,
        opts: { apiKey?: string | false; apiKeyEnv?: string; name?: string; chat?: string; embedding?: string },
      ) =>
        withCore(
          globals,
          async (core) => {
            const added = unwrap(await core.invoke('servers.add', { url, apiKey: apiKey(opts), name: opts.name }));
            const registered = [];
            for (const [role, model] of [
              ['chat', opts.chat],
              ['embedding', opts.embedding],
            ] as const)
              if (model !== undefined)
                registered.push(
                  unwrap(await core.invoke('models.addRemote', { serverId: added.server.serverId, model, role })),
                );
            // What it offers, again: now naming the models just registered.
            const models =
              registered.length === 0
                ? added.models
                : unwrap(await core.invoke('servers.models', { serverId: added.server.serverId }));
            const server = unwrap(await core.invoke('servers.list', {})).find(
              (s) => s.serverId === added.server.serverId,
            )!;
            return { server, models, registered };
          },
          ({ server, models: served, registered }) =>
            [
              `Added ${describeServer(server)}`,
              'It offers:',
              describeServed(served),
              ...registered.map((m) => `Registered ${m.modelId} (${m.roles.join(', ')}), running on ${server.name}.`),
              registered.length === 0
                ? `Register one with "scholium models add-remote ${server.serverId} MODEL --role chat|embedding".`
                : 'Make it a default with "scholium models default ROLE ID".',
            ].join('\n'),
        ),
    );
  models
    .command('servers')
    .description('the configured model servers and the models each offers now')
    .action(() =>
      withCore(
        globals,
        async (core) => {
          const servers = unwrap(await core.invoke('servers.list', {}));
          const out = [];
          for (const server of servers) {
            const offered = await core.invoke('servers.models', { serverId: server.serverId });
            out.push({
              ...server,
              offered: offered.ok ? offered.value : null,
              error: offered.ok ? null : offered.error.message,
            });
          }
          return out;
        },
        (list) =>
          list.length === 0
            ? 'No model servers configured. Add one with "scholium models add-server URL".'
            : list
                .map(
                  (s) =>
                    `${describeServer(s)}\n${s.offered === null ? `  not answering: ${s.error}` : describeServed(s.offered)}`,
                )
                .join('\n\n'),
      ),
    );
  models
    .command('remove-server <serverId>')
    .description('forget a server, its API key and the models registered from it; Scholium no longer reaches it')
    .action((serverId: string) =>
      withCore(
        globals,
        async (core) => unwrap(await core.invoke('servers.remove', { serverId })),
        (r) => `Removed ${serverId}${r.models.length > 0 ? ` and its models ${r.models.join(', ')}` : ''}.`,
      ),
    );
  models
    .command('add-remote <serverId> <model>')
    .description('register a model a configured server offers, as a chat or an embedding model')
    .requiredOption('--role <role>', 'chat or embedding', parseRole)
    .option('--name <name>', 'display name (default: the server’s name for it)')
    .action((serverId: string, model: string, opts: { role: 'chat' | 'embedding'; name?: string }) =>
      withCore(
        globals,
        async (core) =>
          unwrap(await core.invoke('models.addRemote', { serverId, model, role: opts.role, name: opts.name })),
        (m) =>
          `Registered ${m.modelId} (${m.roles.join(', ')}${m.embeddingLength > 0 ? `, ${m.embeddingLength} dimensions` : ''}, context ${m.contextLength}), running on ${m.server?.name ?? '?'}.`,
      ),
    );
}
