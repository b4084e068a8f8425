import type Database from 'better-sqlite3';
import type { AppInfo } from '../contract/index.js';
import type { JobManager } from './jobs/jobManager.js';

/** What every concern's service gets from the composition root. */
export interface CoreContext {
  db: Database.Database;
  libraryDir: string;
  jobs: JobManager;
  mode: AppInfo['mode'];
}
