import type { PlacedPassage } from './highlight.js';

/** A passage an answer may cite: numbered as the prompt gave it, placed on its pages for highlights. */
export interface CitablePassage extends PlacedPassage {
  n: number;
  passageId: string;
  paperId: string;
  title: string;
}
