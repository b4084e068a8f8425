import { EmptyState } from '../../app/EmptyState.js';

export function ModelsView() {
  return (
    <>
      <h1>Models</h1>
      <EmptyState title="No models yet">
        <p>Scholium runs GGUF models on this computer. Add a chat model for written answers, an embedding model for meaning-based search, and your own LoRA adapters.</p>
        <p>
          From a terminal: <code>npx scholium models add path/to/model.gguf</code>
        </p>
      </EmptyState>
    </>
  );
}
