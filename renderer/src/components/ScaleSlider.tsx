import './modelConfig.css';

interface Props {
  /** The accessible name; the visible label is just "Scale". */
  label: string;
  value: number;
  onChange: (value: number) => void;
}

/** An adapter's strength: 0 is the base model, 1 the adapter as trained. */
export function ScaleSlider({ label, value, onChange }: Props) {
  return (
    <label className="scale-slider">
      <span aria-hidden="true">Scale</span>
      <input
        type="range"
        min={0}
        max={2}
        step={0.05}
        value={value}
        aria-label={label}
        onChange={(e) => onChange(Number(e.target.value))}
      />
      <output>×{value.toFixed(2)}</output>
    </label>
  );
}
