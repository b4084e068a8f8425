import { useState } from 'react';

/**
 * A form's call to the core: busy while it runs, then the reason it was refused (null when it went through).
 * `submit` runs `call` and, when it went through, `done` (to clear the form).
 */
export function useSubmission(): {
  busy: boolean;
  error: string | null;
  submit: (call: () => Promise<string | null>, done: () => void) => void;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = (call: () => Promise<string | null>, done: () => void): void => {
    setBusy(true);
    void call().then((problem) => {
      setBusy(false);
      setError(problem);
      if (problem === null) done();
    });
  };
  return { busy, error, submit };
}
