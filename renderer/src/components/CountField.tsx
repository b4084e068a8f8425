import { useState } from 'react';

interface Props {
  value: number;
  min: number;
  max: number;
  onChange: (value: number) => void;
}

/**
 * A whole number from `min` to `max`, typed freely: while the box holds something that is not one yet (emptied to type
 * another), that stays in the box and the value is unchanged, instead of snapping back and running into what is typed
 * next ("6", emptied, then "4" read "64"). Leaving the box shows the value again.
 */
export function CountField({ value, min, max, onChange }: Props) {
  const [draft, setDraft] = useState<string | null>(null);
  return (
    <input
      type="number"
      min={min}
      max={max}
      value={draft ?? String(value)}
      onChange={(e) => {
        const text = e.target.value;
        const n = Number(text);
        if (text.trim() !== '' && Number.isInteger(n) && n >= min && n <= max) {
          setDraft(null);
          onChange(n);
        } else setDraft(text);
      }}
      onBlur={() => setDraft(null)}
    />
  );
}
