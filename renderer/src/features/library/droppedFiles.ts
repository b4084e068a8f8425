/**
 * The parts of the File and Directory Entries API a drop needs (typed here: lib.dom's are callback-only and awkward to
 * fake).
 */
export interface DropEntry {
  isFile: boolean;
  isDirectory: boolean;
  name: string;
  file?: (ok: (file: File) => void, fail: (error: unknown) => void) => void;
  createReader?: () => { readEntries: (ok: (entries: DropEntry[]) => void, fail: (error: unknown) => void) => void };
}

/** Every entry of a dropped folder; readEntries hands them over in batches until it returns none. */
async function children(dir: DropEntry): Promise<DropEntry[]> {
  const reader = dir.createReader!();
  const all: DropEntry[] = [];
  for (;;) {
    const batch = await new Promise<DropEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

/**
 * The files of a drop, folders walked recursively (hidden entries left out,
 * as the import does). A dropped folder arrives in `dataTransfer.files` as
 * one unreadable item, so the entries are read instead.
 */
export async function droppedFiles(entries: readonly DropEntry[]): Promise<File[]> {
  const files: File[] = [];
  const visit = async (entry: DropEntry): Promise<void> => {
    if (entry.name.startsWith('.')) return;
    if (entry.isDirectory) for (const child of await children(entry)) await visit(child);
    else if (entry.isFile) files.push(await new Promise<File>((resolve, reject) => entry.file!(resolve, reject)));
  };
  for (const entry of entries) await visit(entry);
  return files;
}

/**
 * A drop's files, taken while the event lasts (its entries are gone after):
 * the plain list, or, when a folder is among them, the walked entries.
 */
export function filesOfDrop(transfer: DataTransfer): Promise<File[]> {
  const files = Array.from(transfer.files);
  const entries = Array.from(transfer.items).map((item) => item.webkitGetAsEntry() as DropEntry | null);
  if (!entries.some((entry) => entry?.isDirectory === true)) return Promise.resolve(files);
  return droppedFiles(entries.filter((entry): entry is DropEntry => entry !== null)).catch(() => files);
}
