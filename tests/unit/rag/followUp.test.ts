import { describe, expect, it } from 'vitest';
import { acceptRewrite, heuristicStandalone, needsContext } from '../../../electron/core/ask/retrieval/followUp.js';

const history = [{ question: 'How does TraceMonkey compile hot loops?', answer: 'It records traces [1].' }];

describe('follow-up questions', () => {
  it('leaves a first or self-contained question alone', () => {
    expect(needsContext('How does Berkeley DB recover from crashes after power loss?', [])).toBe(false);
    expect(heuristicStandalone('How does Berkeley DB implement write-ahead logging for recovery?', history)).toBe(
      'How does Berkeley DB implement write-ahead logging for recovery?',
    );
  });

  it('carries the previous question’s terms into a pointing follow-up', () => {
    expect(needsContext('How fast is it?', history)).toBe(true);
    expect(heuristicStandalone('How fast is it?', history)).toBe('How fast is it? (TraceMonkey compile hot loops)');
  });

  it('accepts a model rewrite only when it is a usable question', () => {
    expect(acceptRewrite('"How fast is TraceMonkey on loop benchmarks?"\nextra', 'How fast is it?', history)).toBe(
      'How fast is TraceMonkey on loop benchmarks?',
    );
    expect(acceptRewrite('  \n', 'How fast is it?', history)).toBe('How fast is it? (TraceMonkey compile hot loops)');
    // Noise, or a topic the conversation never had, would send retrieval elsewhere.
    expect(acceptRewrite('fepy/6[1]czei xaxfcfdchdzUedFardsde rak vhfndhiasbp9atQ', 'How fast is it?', history)).toBe(
      'How fast is it? (TraceMonkey compile hot loops)',
    );
    expect(acceptRewrite('How many parameters does GPT-4 have in total?', 'How fast is it?', history)).toBe(
      'How fast is it? (TraceMonkey compile hot loops)',
    );
  });
});
