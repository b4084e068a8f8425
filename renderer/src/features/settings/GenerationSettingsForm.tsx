import { useEffect, useState } from 'react';
import type { GenerationSettings } from '../../../../electron/contract/ops/models.js';
import { useApi } from '../../api/context.js';

type Field = keyof GenerationSettings;
const FIELDS: Array<{ field: Field; label: string; auto: string; help: string }> = [
  {
    field: 'temperature',
    label: 'Temperature',
    auto: '0',
    help: '0 writes the likeliest words, the same answer every time; up to 2 varies the wording (and strays more).',
  },
  {
    field: 'maxAnswerTokens',
    label: 'Longest answer (tokens)',
    auto: 'automatic',
    help: 'Empty fits the length to the question: a name gets a sentence or two, a how or why question more.',
  },
  {
    field: 'repeatPenalty',
    label: 'Repeat penalty',
    auto: 'automatic (1.1)',
    help: 'Holds back words already written, so a small model does not loop; 1 turns it off.',
  },
  {
    field: 'contextTokens',
    label: 'Context size (tokens)',
    auto: 'automatic (4,096)',
    help: 'How much a chat model reads and writes at once: more fits more passages, and takes more memory. Each model is capped at what it was trained for.',
  },
];

const asText = (settings: GenerationSettings): Record<Field, string> =>
  Object.fromEntries(
    FIELDS.map(({ field }) => [field, settings[field] === null ? '' : String(settings[field])]),
  ) as Record<Field, string>;

/** How chat models write answers, kept in the library; the core checks each value and the next answer uses them. */
export function GenerationSettingsForm() {
  const api = useApi();
  const [loaded, setLoaded] = useState(false);
  const [draft, setDraft] = useState<Record<Field, string>>({
    temperature: '',
    maxAnswerTokens: '',
    repeatPenalty: '',
    contextTokens: '',
  });
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  useEffect(() => {
    let live = true;
    void api.invoke('models.generationSettings', {}).then((r) => {
      if (!live) return;
      if (!r.ok) return setMessage({ text: r.error.message, error: true });
      setDraft(asText(r.value));
      setLoaded(true);
    });
    return () => {
      live = false;
    };
  }, [api]);

  const save = async (): Promise<void> => {
    const wrong = FIELDS.find(({ field }) => draft[field].trim() !== '' && !Number.isFinite(Number(draft[field])));
    if (wrong !== undefined)
      return setMessage({ text: `${wrong.label}: “${draft[wrong.field].trim()}” is not a number.`, error: true });
    // Empty is Scholium's choice; a number goes to the core, which says what is wrong with it.
    const value = (text: string): number | null => (text.trim() === '' ? null : Number(text));
    const r = await api.invoke('models.setGenerationSettings', {
      temperature: value(draft.temperature) ?? 0,
      maxAnswerTokens: value(draft.maxAnswerTokens),
      repeatPenalty: value(draft.repeatPenalty),
      contextTokens: value(draft.contextTokens),
    });
    if (!r.ok) return setMessage({ text: r.error.message, error: true });
    setDraft(asText(r.value));
    setMessage({ text: 'Saved. The next answer uses these settings.', error: false });
  };

  return (
    <section aria-labelledby="generation-heading">
      <h2 id="generation-heading">Generation</h2>
      <p className="muted">How a chat model writes answers in Ask and in Compare. Evaluation runs set their own.</p>
      <form
        className="generation-settings"
        aria-label="Generation"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        {FIELDS.map(({ field, label, auto, help }) => (
          <div className="generation-field" key={field}>
            <label className="setting">
              {label}{' '}
              <input
                type="text"
                inputMode="decimal"
                // Room for the placeholder: what Scholium uses when the box is left empty.
                size={Math.max(8, auto.length + 2)}
                placeholder={auto}
                aria-describedby={`${field}-help`}
                value={draft[field]}
                onChange={(e) => setDraft((d) => ({ ...d, [field]: e.target.value }))}
                disabled={!loaded}
              />
            </label>
            <span id={`${field}-help`} className="muted">
              {help}
            </span>
          </div>
        ))}
        <button type="submit" disabled={!loaded}>
          Save generation settings
        </button>
      </form>
      {message !== null && (
        <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error-text' : undefined}>
          {message.text}
        </p>
      )}
    </section>
  );
}
