import type { z } from 'zod';

export interface OperationSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  summary: string;
}

export function op<I extends z.ZodType, O extends z.ZodType>(
  input: I,
  output: O,
  summary: string,
): OperationSpec<I, O> {
  return { input, output, summary };
}
