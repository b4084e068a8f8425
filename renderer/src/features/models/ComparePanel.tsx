import { useState } from 'react';
import type { Answer } from '../../../../electron/contract/ops/ask.js';
import { useApi } from '../../api/context.js';
import { usePreferences } from '../../data/preferences.js';
import { AnswerFacts } from '../../components/answer/AnswerFacts.js';
import { AnswerText } from '../../components/answer/AnswerText.js';
import { streamAnswer } from '../../data/streamAnswer.js';
import { ConfigEditor } from '../../components/ConfigEditor.js';
import { describeConfig, initialConfigs, type CompareConfig } from '../../lib/compareConfig.js';
import type { AdapterInfo, ModelDefaults as Defaults, ModelInfo } from '../../../../electron/contract/ops/models.js';

interface Side {
  requestId: string;
  /** The configuration as it was when asked. */
  config: CompareConfig;
  text: string;
  answer: Answer | null;
  error: string | null;
}

interface Props {
  models: readonly ModelInfo[];
  adapters: readonly AdapterInfo[];
  defaults: Defaults;
}

const SIDES = ['A', 'B'] as const;

/** One question answered by two configurations side by side, each with its checked citations. */
export function ComparePanel({ models, adapters, defaults }: Props) {
  const api = useApi();
  const [preferences] = usePreferences();
  const [configs, setConfigs] = useState<[CompareConfig, CompareConfig]>(() =>
    initialConfigs(models, adapters, defaults.chat),
  );
  const [question, setQuestion] = useState('');
  const [sides, setSides] = useState<(Side | null)[]>([null, null]);
  const running = sides.some((s) => s !== null && s.answer === null && s.error === null);

  const update = (i: number, requestId: string, change: (s: Side) => Side): void =>
    setSides((all) => all.map((s, j) => (j === i && s?.requestId === requestId ? change(s) : s)));

  const run = (): void => {
    const q = question.trim();
    if (q === '' || running) return;
    const started = configs.map((config, i) => {
      const stream = streamAnswer(
        api,
        {
          question: q,
          scope: {},
          k: preferences.defaultK,
          modelId: config.modelId,
          adapters: config.adapters,
          useRetrieval: config.useRetrieval,
        },
        { onToken: (text) => update(i, stream.requestId, (s) => ({ ...s, text: s.text + text })) },
      );
      void stream.answer.then((r) =>
        update(i, stream.requestId, (s) => (r.ok ? { ...s, answer: r.value } : { ...s, error: r.error.message })),
      );
      return { requestId: stream.requestId, config, text: '', answer: null, error: null };
    });
    setSides(started);
  };

  const stop = (): void => {
    for (const s of sides) if (s !== null && s.answer === null) void api.invoke('ask.stop', { requestId: s.requestId });
  };

  return (
    <section className="compare" aria-labelledby="compare-heading">
      <h2 id="compare-heading">Compare</h2>
      <p className="muted">
        Ask one question of two configurations, e.g. the base model against the base model with an adapter, or with and
        without searching the library.
      </p>
      {!models.some((m) => m.roles.includes('chat')) && (
        <p className="muted" data-testid="compare-needs-model">
          Comparing needs a chat model: add one above. Without one, each side can only quote the same best sentences
          from the library.
        </p>
      )}
      <div className="compare-configs">
        {SIDES.map((label, i) => (
          <ConfigEditor
            key={label}
            label={`Configuration ${label}`}
            value={configs[i]!}
            onChange={(c) => setConfigs((all) => (i === 0 ? [c, all[1]] : [all[0], c]))}
            models={models}
            adapters={adapters}
          />
        ))}
      </div>
      <form
        className="compare-ask"
        onSubmit={(e) => {
          e.preventDefault();
          run();
        }}
      >
        <input
          type="text"
          aria-label="Question to compare"
          placeholder="A question for both"
          value={question}
          onChange={(e) => setQuestion(e.target.value)}
        />
        {running ? (
          <button type="button" onClick={stop}>
            Stop
          </button>
        ) : (
          <button type="submit" className="primary" disabled={question.trim() === ''}>
            Compare
          </button>
        )}
      </form>
      <div className="compare-results">
        {sides.map((s, i) =>
          s === null ? null : (
            <article
              key={s.requestId}
              className="compare-side"
              aria-label={`Answer ${SIDES[i]}`}
              aria-busy={s.answer === null && s.error === null}
              data-testid={`compare-${SIDES[i]}`}
            >
              <h3>
                {SIDES[i]}: {describeConfig(s.config, models, adapters)}
              </h3>
              {s.error !== null && <p role="alert">{s.error}</p>}
              <AnswerText
                text={s.answer?.answer ?? s.text}
                citations={s.answer?.citations ?? []}
                passages={s.answer?.passages ?? []}
                final={s.answer !== null}
              />
              {s.answer === null && s.error === null && <p className="muted">Answering…</p>}
              {s.answer !== null && <AnswerFacts answer={s.answer} />}
            </article>
          ),
        )}
      </div>
    </section>
  );
}
