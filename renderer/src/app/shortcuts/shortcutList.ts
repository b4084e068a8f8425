/** Every keyboard shortcut, in one list: the help dialog shows it and the README copies it. */
export interface Shortcut {
  keys: string[];
  does: string;
}

export const SHORTCUT_GROUPS: { where: string; shortcuts: Shortcut[] }[] = [
  {
    where: 'Anywhere',
    shortcuts: [
      { keys: ['?'], does: 'Show these shortcuts' },
      { keys: ['g', 'l'], does: 'Go to the Library' },
      { keys: ['g', 'a'], does: 'Go to Ask' },
      { keys: ['g', 'r'], does: 'Go to the Reader' },
      { keys: ['g', 'm'], does: 'Go to Models' },
      { keys: ['g', 'e'], does: 'Go to Evaluation' },
      { keys: ['g', 's'], does: 'Go to Settings' },
      { keys: ['/'], does: 'Focus the view’s main box: the question, the paper search, or find in paper' },
    ],
  },
  {
    where: 'Ask',
    shortcuts: [
      { keys: ['Enter'], does: 'Ask the question (Shift+Enter for a new line)' },
      { keys: ['Esc'], does: 'Stop the answer being written; the text so far is kept' },
      { keys: [']'], does: 'Next citation (shows its paper, page and passage)' },
      { keys: ['['], does: 'Previous citation' },
      { keys: ['o'], does: 'Open the focused citation in the Reader, at its page, highlighted' },
    ],
  },
  {
    where: 'Reader',
    shortcuts: [
      { keys: ['→'], does: 'Next page' },
      { keys: ['←'], does: 'Previous page' },
      { keys: ['+'], does: 'Zoom in' },
      { keys: ['-'], does: 'Zoom out' },
      { keys: ['Ctrl', 'F'], does: 'Find in paper (Enter and Shift+Enter step through matches)' },
    ],
  },
];

/** Where `g` then a letter goes. */
export const GO_TO: Record<string, string> = {
  l: '/library',
  a: '/ask',
  r: '/reader',
  m: '/models',
  e: '/evaluation',
  s: '/settings',
};
