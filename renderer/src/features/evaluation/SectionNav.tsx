/** The Evaluation view's sections, by the ids of their headings. */
const SECTIONS = [
  ['sets-heading', 'Validation sets'],
  ['runs-heading', 'Runs'],
  ['launch-heading', 'New run'],
  ['training-heading', 'Training data'],
] as const;

/**
 * Jumps to a section of the long Evaluation view. Buttons, not `#` links: the
 * address's fragment is the router's.
 */
export function SectionNav() {
  return (
    <nav aria-label="Sections of this view" className="section-nav">
      <ul>
        {SECTIONS.map(([id, label]) => (
          <li key={id}>
            <button
              type="button"
              className="link-button"
              onClick={() => document.getElementById(id)?.scrollIntoView({ block: 'start' })}
            >
              {label}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
