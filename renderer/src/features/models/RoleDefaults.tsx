import type { ModelDefaults as Defaults, ModelInfo, ModelRole } from '../../../../electron/contract/ops/models.js';
import { ModelOptions } from '../../components/ModelOptions.js';

const ROLES: { role: ModelRole; label: string; none: string }[] = [
  { role: 'chat', label: 'Chat (writes answers)', none: 'None: answers quote the best sentences' },
  { role: 'embedding', label: 'Embedding (meaning-based search)', none: 'None: full-text search only' },
  { role: 'reranker', label: 'Reranker (orders passages)', none: 'None' },
];

/**
 * Which model serves each role; only models whose file can serve the role are offered (a chat model is no embedder),
 * and the current default stays listed even if it was chosen before that rule.
 */
export function RoleDefaults({
  models,
  defaults,
  onSet,
}: {
  models: readonly ModelInfo[];
  defaults: Defaults;
  onSet: (role: ModelRole, modelId: string | null) => void;
}) {
  return (
    <div className="role-defaults">
      {ROLES.map(({ role, label, none }) => (
        <label key={role}>
          {label}
          <select
            value={defaults[role] ?? ''}
            onChange={(e) => onSet(role, e.target.value === '' ? null : e.target.value)}
          >
            <option value="">{none}</option>
            <ModelOptions models={models.filter((m) => m.roles.includes(role) || m.modelId === defaults[role])} />
          </select>
        </label>
      ))}
    </div>
  );
}
