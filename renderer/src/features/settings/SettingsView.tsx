import { useEffect, useState } from 'react';
import type { AppInfo, DoctorReport } from '../../../../electron/contract/index.js';
import { useApi } from '../../api/context.js';
import { AnswerPreferences } from './AnswerPreferences.js';
import { GenerationSettingsForm } from './GenerationSettingsForm.js';
import { PassageSizeForm } from './PassageSizeForm.js';
import { LibraryFacts } from './LibraryFacts.js';
import { RuntimeFacts } from './RuntimeFacts.js';
import { RuntimeSettingsForm } from './RuntimeSettingsForm.js';

export function SettingsView() {
  const api = useApi();
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [doctor, setDoctor] = useState<DoctorReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void api.invoke('app.info', {}).then((r) => live && (r.ok ? setInfo(r.value) : setError(r.error.message)));
    void api.invoke('app.doctor', {}).then((r) => live && (r.ok ? setDoctor(r.value) : setError(r.error.message)));
    return () => {
      live = false;
    };
  }, [api]);

  return (
    <>
      <h1>Settings</h1>
      {error !== null && <p role="alert">{error}</p>}
      <section aria-labelledby="privacy-heading">
        <h2 id="privacy-heading">Privacy</h2>
        <p data-testid="offline-statement">
          Scholium works offline. It connects to nothing beyond this computer unless you ask it to download a model
          under Models, or add a model server there; then it reaches only those addresses. Your papers stay in the
          library folder on this computer; in a browser, the page talks only to the Scholium that served it.
        </p>
        {doctor !== null && doctor.servers.length > 0 && (
          <p data-testid="model-servers">
            Model servers it may reach (questions and passages are sent to them when you use their models):{' '}
            {doctor.servers.map((s) => `${s.url} (${s.reachable ? 'answering' : 'not answering'})`).join(', ')}.
          </p>
        )}
        <p data-testid="network-status">
          {info === null
            ? '…'
            : info.network.guarded
              ? `Connections beyond this computer attempted this session: ${info.network.blocked + info.network.allowed} (${info.network.blocked} blocked, ${info.network.allowed} for downloads you asked for and model servers you added).`
              : 'The connection guard is not active in this process.'}
        </p>
      </section>
      <LibraryFacts info={info} doctor={doctor} />
      <AnswerPreferences />
      <GenerationSettingsForm />
      <PassageSizeForm />
      <RuntimeFacts>
        <RuntimeSettingsForm physicalCores={doctor?.cpus.physical ?? null} />
      </RuntimeFacts>
      <section aria-labelledby="system-heading">
        <h2 id="system-heading">This computer</h2>
        <dl className="facts">
          <dt>Processor</dt>
          <dd>{doctor === null ? '…' : `${doctor.cpus.physical} physical cores (${doctor.cpus.logical} logical)`}</dd>
          <dt>Model runtime</dt>
          <dd data-testid="llama-backend">
            {doctor === null
              ? '…'
              : doctor.llama.loaded
                ? `llama.cpp on ${doctor.llama.backend}`
                : `not available: ${doctor.llama.detail}`}
          </dd>
          <dt>GPU</dt>
          <dd>
            {doctor === null
              ? '…'
              : doctor.llama.gpu === null
                ? 'none found; models run on the CPU'
                : `${doctor.llama.gpu}: ${doctor.llama.gpuDevices.join(', ')}`}
          </dd>
          <dt>Search index</dt>
          <dd>
            {doctor === null
              ? '…'
              : `SQLite ${doctor.sqlite.version}, full-text ${doctor.sqlite.fts5 ? 'on' : 'missing'}, vectors ${doctor.sqlite.vec ?? 'missing'}`}
          </dd>
        </dl>
      </section>
    </>
  );
}
