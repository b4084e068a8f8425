import type Database from 'better-sqlite3';
import { GenerationSettingsSchema, type GenerationSettings } from '../../contract/ops/models.js';
import { SettingsStore } from '../settings/settingsStore.js';
import type { Sampling } from './runtime/protocol.js';

const KEY = 'models.generation';

export const DEFAULT_GENERATION: GenerationSettings = {
  temperature: 0,
  maxAnswerTokens: null,
  repeatPenalty: null,
  contextTokens: null,
};

/** The generation settings kept in the library; a value that is damaged or out of range reads as the default. */
export function readGenerationSettings(db: Database.Database): GenerationSettings {
  const stored = new SettingsStore(db).getJson(KEY);
  const out = { ...DEFAULT_GENERATION };
  if (typeof stored !== 'object' || stored === null) return out;
  for (const key of Object.keys(DEFAULT_GENERATION) as (keyof GenerationSettings)[]) {
    const field = GenerationSettingsSchema.shape[key].safeParse((stored as Record<string, unknown>)[key]);
    if (field.success) (out as Record<string, unknown>)[key] = field.data;
  }
  return out;
}

export function writeGenerationSettings(
  db: Database.Database,
  change: Partial<GenerationSettings>,
): GenerationSettings {
  const next = { ...readGenerationSettings(db), ...change };
  new SettingsStore(db).setJson(KEY, next);
  return next;
}

/** The answer's generation options under the settings, from what the answer's plan would use by itself. */
export function withGenerationSettings(
  settings: GenerationSettings,
  plan: { maxTokens: number; sampling: Sampling | undefined },
): { temperature: number; maxTokens: number; sampling: Sampling | undefined } {
  const { repeatPenalty } = settings;
  let sampling = plan.sampling;
  if (repeatPenalty !== null) {
    const { repeatPenalty: planned, ...rest } = sampling ?? {};
    sampling =
      repeatPenalty === 1 ? rest : { ...rest, repeatPenalty: { lastTokens: 128, ...planned, penalty: repeatPenalty } };
  }
  return { temperature: settings.temperature, maxTokens: settings.maxAnswerTokens ?? plan.maxTokens, sampling };
}
