/** One `<option>` per model, the default one marked: the choices of every model picker in the app. */
export function ModelOptions({
  models,
  defaultId,
}: {
  models: readonly { modelId: string; name: string }[];
  defaultId?: string | null;
}) {
  return (
    <>
      {models.map((m) => (
        <option key={m.modelId} value={m.modelId}>
          {m.name}
          {m.modelId === defaultId ? ' (default)' : ''}
        </option>
      ))}
    </>
  );
}
