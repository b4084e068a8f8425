import { NavLink, Navigate, Route, Routes, useParams } from 'react-router-dom';
import { ComparePage } from './ComparePage.js';
import { RunningRuns } from './RunningRuns.js';
import { RunsPage } from './RunsPage.js';
import { SetsPage } from './SetsPage.js';
import { TrainingDataExport } from './TrainingDataExport.js';
import { useEvaluationIndex } from './useEvaluation.js';
import './evaluation.css';

const TABS = [
  ['sets', 'Validation sets'],
  ['runs', 'Runs'],
  ['compare', 'Compare'],
  ['export', 'Training data'],
] as const;

/** The address of a run before the view had tabs (`/evaluation/<runId>`) still opens it. */
function OldRunAddress() {
  const { runId } = useParams();
  return <Navigate to={`/evaluation/compare/${runId ?? ''}`} replace />;
}

function TrainingDataPage() {
  const { sets } = useEvaluationIndex();
  return <TrainingDataExport sets={sets} />;
}

/**
 * The fine-tuning loop's workbench, one tab each with its own address: validation sets (made, edited, imported,
 * drafted, exported), runs (stored, and a new one started), one run compared, and training data exported. The tabs and
 * any run going stay at the top of the view while it scrolls.
 */
export function EvaluationView() {
  const { runs, refresh } = useEvaluationIndex();
  return (
    <>
      <h1>Evaluation</h1>
      <div className="eval-top">
        <nav aria-label="Evaluation" className="eval-tabs">
          <ul>
            {TABS.map(([path, label]) => (
              <li key={path}>
                <NavLink to={`/evaluation/${path}`}>{label}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <RunningRuns runs={runs} refresh={refresh} />
      </div>
      <Routes>
        <Route index element={<Navigate to="sets" replace />} />
        <Route path="sets" element={<SetsPage />} />
        <Route path="sets/:setId" element={<SetsPage />} />
        <Route path="runs" element={<RunsPage />} />
        <Route path="compare" element={<ComparePage />} />
        <Route path="compare/:runId" element={<ComparePage />} />
        <Route path="export" element={<TrainingDataPage />} />
        <Route path=":runId" element={<OldRunAddress />} />
      </Routes>
    </>
  );
}
