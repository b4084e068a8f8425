import { CountField } from '../../components/CountField.js';
import { usePreferences } from '../../data/preferences.js';

/** How many passages each answer draws on: the same number Ask shows (a change in either place is kept). */
export function AnswerPreferences() {
  const [preferences, update] = usePreferences();
  return (
    <section aria-labelledby="answers-heading">
      <h2 id="answers-heading">Answers</h2>
      <label className="setting">
        Passages per answer{' '}
        <CountField value={preferences.defaultK} min={1} max={30} onChange={(k) => update({ defaultK: k })} />
      </label>
      <p className="muted">
        More passages give the answer more to draw on, and take longer to read with a chat model. Between 4 and 10 suits
        most questions.
      </p>
    </section>
  );
}
