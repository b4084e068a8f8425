import type { AppInfo, OpInput, OpName, OpOutput, Result, RuntimeSettings, ScholiumEvent } from '../contract/index.js';
import { PRODUCT_NAME } from './platform/libraryLocation.js';
import { appVersion } from './platform/version.js';
import { runDoctor } from './platform/doctor.js';
import { readRuntimeSettings, runtimeOptions, writeRuntimeSettings } from './models/runtimeSettings.js';
import { networkAttempts, networkGuardInstalled } from './platform/networkGuard.js';
import { JobManager } from './jobs/jobManager.js';
import { backupLibrary, defaultBackupFile, type BackupResult } from './db/backup.js';
import { openLibraryDatabase, type LibraryDatabase } from './db/database.js';
import { dispatch, type CallContext, type Handlers } from './dispatch.js';
import type { CoreContext } from './context.js';
import { AskService } from './ask/askService.js';
import { EvaluationService } from './evaluation/evaluationService.js';
import { TrainingMarks } from './evaluation/trainingMarks.js';
import { pdfExtractor } from './library/extract/pdfExtractor.js';
import { LibraryService } from './library/service.js';
import { libraryHandlers } from './library/handlers.js';
import { readPassageSize } from './library/passageSize.js';
import { ModelService, type ModelServiceOptions } from './models/modelService.js';

export interface CoreOptions {
  libraryDir: string;
  mode: AppInfo['mode'];
  /** Model runtime settings (threads, GPU, timeouts); defaults suit the machine. */
  models?: ModelServiceOptions;
}

export interface InvokeOptions {
  /** Events meant for this caller only (e.g. the tokens of its generation). */
  emit?: (event: ScholiumEvent) => void;
  signal?: AbortSignal;
}

/**
 * The composition root: owns the library database, the jobs and (later) the
 * model client. Plain Node: it never imports electron, so the same core runs
 * in Electron's utilityProcess, under the loopback host and in the CLI.
 */
export class Core {
  readonly jobs: JobManager;
  readonly papers: LibraryService;
  readonly models: ModelService;
  readonly ask: AskService;
  readonly evaluation: EvaluationService;
  private readonly handlers: Handlers;
  /** The runtime settings this process started with. */
  private readonly runtimeSettings: RuntimeSettings;

  private constructor(
    private readonly library: LibraryDatabase,
    private readonly options: CoreOptions,
  ) {
    this.jobs = new JobManager(library.db);
    const context: CoreContext = {
      db: library.db,
      libraryDir: options.libraryDir,
      jobs: this.jobs,
      mode: options.mode,
    };
    // Each concern (library, models, ask) adds a service here and spreads its handlers below.
    // The runtime settings saved in the library, unless the caller (a test, a benchmark) sets its own.
    this.runtimeSettings = readRuntimeSettings(library.db);
    this.models = new ModelService(context, { ...runtimeOptions(this.runtimeSettings), ...options.models });
    // The embedding default's embedder (NOT_FOUND while none is set: passages stay full-text only).
    this.papers = new LibraryService(context, {
      extractor: (chunking) => pdfExtractor({ chunking }),
      embedder: () => this.models.embedder(),
      chunking: readPassageSize(library.db),
    });
    // Ask shows which answers are marked good; evaluation keeps the marks and trains on them.
    const marks = new TrainingMarks(library.db);
    this.ask = new AskService(context, this.models, (turnIds) => marks.among(turnIds));
    this.evaluation = new EvaluationService(context, this.models, this.ask, marks);
    if (options.mode !== 'cli') this.papers.resumeBackgroundWork();
    const modelHandlers = this.models.handlers();
    this.handlers = {
      ...libraryHandlers(this.papers),
      ...modelHandlers,
      // A new embedding model re-embeds the library in the background (resumable: passages keep their flags).
      'models.setDefault': async (input, call) => {
        const defaults = await modelHandlers['models.setDefault'](input, call);
        if (input.role === 'embedding') await this.papers.embedding.modelChanged();
        return defaults;
      },
      // A removed server takes its models, and any role default among them, along: the library stops embedding with it.
      'servers.remove': async (input, call) => {
        const embedding = this.models.registry.defaults().embedding;
        const result = await modelHandlers['servers.remove'](input, call);
        if (embedding !== null && result.models.includes(embedding)) await this.papers.embedding.modelChanged();
        return result;
      },
      ...this.ask.handlers(),
      ...this.evaluation.handlers(),
      'app.info': () => this.info(),
      'app.doctor': () => runDoctor(this.library.db, this.options.libraryDir, () => this.models.remote.doctor()),
      'app.settings': () => this.settings(readRuntimeSettings(this.library.db)),
      'app.updateSettings': (change) => this.settings(writeRuntimeSettings(this.library.db, change)),
      'app.backup': () => this.backup(),
      'jobs.list': () => this.jobs.list(),
      'jobs.cancel': ({ jobId }) => ({ cancelled: this.jobs.cancel(jobId) }),
    };
  }

  private settings(saved: RuntimeSettings): RuntimeSettings & { restartNeeded: boolean } {
    return {
      ...saved,
      restartNeeded: saved.threads !== this.runtimeSettings.threads || saved.gpu !== this.runtimeSettings.gpu,
    };
  }

  static open(options: CoreOptions): Core {
    return new Core(openLibraryDatabase(options.libraryDir, options.mode), options);
  }

  /** The library database, for tests and the evaluation scripts that read it directly. */
  get database(): LibraryDatabase['db'] {
    return this.library.db;
  }

  /** A consistent copy of the library database, safe while it is written (default: <library>/backups/). */
  backup(file = defaultBackupFile(this.options.libraryDir)): Promise<BackupResult> {
    return backupLibrary(this.library.db, file);
  }

  get libraryDir(): string {
    return this.options.libraryDir;
  }

  info(): AppInfo {
    return {
      name: PRODUCT_NAME,
      version: appVersion(),
      libraryDir: this.options.libraryDir,
      schemaVersion: this.library.schemaVersion,
      mode: this.options.mode,
      network: {
        guarded: networkGuardInstalled(),
        blocked: networkAttempts().filter((a) => !a.allowed).length,
        allowed: networkAttempts().filter((a) => a.allowed).length,
      },
    };
  }

  /** Untyped entry used by transports: validates op and payload at the boundary. */
  invokeRaw(op: unknown, payload: unknown, options: InvokeOptions = {}): Promise<Result<unknown>> {
    const ctx: CallContext = {
      emit: options.emit ?? (() => undefined),
      signal: options.signal ?? new AbortController().signal,
    };
    return dispatch(this.handlers, op, payload, ctx);
  }

  /** Typed entry for in-process clients (the CLI, tests). */
  invoke<K extends OpName>(op: K, payload: OpInput<K>, options: InvokeOptions = {}): Promise<Result<OpOutput<K>>> {
    return this.invokeRaw(op, payload, options) as Promise<Result<OpOutput<K>>>;
  }

  /** Events every client sees (job progress). */
  onBroadcast(listener: (event: ScholiumEvent) => void): () => void {
    return this.jobs.onEvent(listener);
  }

  async close(): Promise<void> {
    this.ask.close();
    await this.jobs.shutdown();
    await this.papers.close();
    await this.models.close();
    this.library.close();
  }
}
