import type Database from 'better-sqlite3';

/**
 * The library's settings: text values by key, kept in the library database so the app, the host and the CLI opening
 * the same library agree. Each concern names its keys ('runtime.threads', 'library.passageSize').
 */
export class SettingsStore {
  constructor(private readonly db: Database.Database) {}

  get(key: string): string | undefined {
    return (this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)
      ?.value;
  }

  set(key: string, value: string): void {
    this.db
      .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(key, value);
  }

  delete(key: string): void {
    this.db.prepare('DELETE FROM settings WHERE key = ?').run(key);
  }

  /** A value stored as JSON; undefined when there is none or it is damaged (no choice: the caller's default stands). */
  getJson(key: string): unknown {
    const value = this.get(key);
    if (value === undefined) return undefined;
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return undefined;
    }
  }

  setJson(key: string, value: unknown): void {
    this.set(key, JSON.stringify(value));
  }
}
