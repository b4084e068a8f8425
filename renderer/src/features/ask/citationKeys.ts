/** Moves focus to the next (or previous) citation chip inside `root`, wrapping around; returns the chip focused. */
export function focusCitation(root: HTMLElement, direction: 1 | -1): HTMLElement | null {
  const chips = [...root.querySelectorAll<HTMLElement>('.cite-chip')];
  if (chips.length === 0) return null;
  const at = chips.indexOf(document.activeElement as HTMLElement);
  const next = at === -1 ? (direction === 1 ? 0 : chips.length - 1) : (at + direction + chips.length) % chips.length;
  const chip = chips[next]!;
  chip.focus();
  return chip;
}
