/** A problem reported in place, beside what caused it; read out by screen readers as it appears. */
export function ErrorText({ error }: { error: string | null }) {
  if (error === null) return null;
  return (
    <p role="alert" className="error-text">
      {error}
    </p>
  );
}
