export interface Refused {
  name: string;
  reason: string;
}

/** What was dropped or picked, split into PDFs to import and files refused with a reason. */
export interface Sorted {
  pdfs: File[];
  refused: Refused[];
}

const PDF_MAGIC = '%PDF-';

/**
 * Accepts a file only when its first bytes say PDF (a name ending in .pdf is
 * not enough, and a PDF with another name is still a PDF). Empty files and
 * anything else are refused with a reason a researcher can act on.
 */
export async function sortFiles(files: Iterable<File>): Promise<Sorted> {
  const pdfs: File[] = [];
  const refused: Refused[] = [];
  for (const file of files) {
    // Files from a folder pick carry their path inside it (Node's File has no such field: hence ||).
    const name = file.webkitRelativePath || file.name;
    if (file.size === 0) {
      refused.push({ name, reason: 'The file is empty.' });
      continue;
    }
    // Header search: PDF allows up to 1 KiB of junk before the marker.
    const head = new TextDecoder('latin1').decode(await file.slice(0, 1024).arrayBuffer());
    if (head.includes(PDF_MAGIC)) pdfs.push(file);
    else refused.push({ name, reason: /\.pdf$/i.test(file.name) ? 'Named .pdf but its contents are not a PDF.' : 'Not a PDF: Scholium imports PDF papers only.' });
  }
  return { pdfs, refused };
}
