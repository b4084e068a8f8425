import fs from 'node:fs';
import path from 'node:path';
import { formatOf } from './discover.js';

/**
 * Watches folders (recursively) and calls `onChange(folder)` once things
 * settle: a burst of events (a copy of many files, an editor's save dance)
 * becomes one rescan `debounceMs` after the last event. Only document files
 * and folders count; hidden files are ignored.
 */
export class FolderWatcher {
  private readonly watchers = new Map<string, fs.FSWatcher>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly onChange: (folder: string) => void,
    private readonly debounceMs = 750,
  ) {}

  watch(folder: string): void {
    if (this.watchers.has(folder)) return;
    const watcher = fs.watch(folder, { recursive: true, persistent: false }, (_event, name) => {
      const file = name === null ? '' : String(name);
      if (file !== '' && path.basename(file).startsWith('.')) return;
      if (file !== '' && formatOf(file) === null && path.extname(file) !== '') return;
      this.schedule(folder);
    });
    // A folder that disappears or becomes unreadable just stops being watched; the next rescan says why.
    watcher.on('error', () => this.unwatch(folder));
    this.watchers.set(folder, watcher);
  }

  isWatching(folder: string): boolean {
    return this.watchers.has(folder);
  }

  unwatch(folder: string): boolean {
    const watcher = this.watchers.get(folder);
    watcher?.close();
    clearTimeout(this.timers.get(folder));
    this.timers.delete(folder);
    return this.watchers.delete(folder);
  }

  close(): void {
    for (const folder of [...this.watchers.keys()]) this.unwatch(folder);
  }

  private schedule(folder: string): void {
    clearTimeout(this.timers.get(folder));
    this.timers.set(
      folder,
      setTimeout(() => {
        this.timers.delete(folder);
        this.onChange(folder);
      }, this.debounceMs),
    );
  }
}
