export interface Refused {
  name: string;
  reason: string;
}

/** A file to send, under the name the library will give it (its extension tells the import the format). */
export interface Accepted {
  file: File;
  name: string;
}

/** What was dropped or picked, split into documents to import and files refused with a reason. */
export interface Sorted {
  accepted: Accepted[];
  refused: Refused[];
}

const PDF_MAGIC = '%PDF-';
/** The text formats the core imports, by extension (as its discover step decides). */
const TEXT_EXTENSIONS = /\.(txt|md|markdown|jsonl)$/i;
export const ACCEPTED_TYPES = 'application/pdf,.pdf,.txt,.md,.markdown,.jsonl';

/**
 * Accepts a PDF by its first bytes (a name ending in .pdf is not enough, and
 * a PDF with another name is still a PDF: it is sent as name.pdf), and text,
 * Markdown and JSONL files by extension when their start holds no NUL byte.
 * Empty files and anything else are refused with a reason a researcher can act on.
 */
export async function sortFiles(files: Iterable<File>): Promise<Sorted> {
  const accepted: Accepted[] = [];
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
    const ext = /\.[^./\\]+$/.exec(file.name)?.[0] ?? '';
    if (head.includes(PDF_MAGIC)) accepted.push({ file, name: /\.pdf$/i.test(name) ? name : `${name}.pdf` });
    else if (/\.pdf$/i.test(file.name)) refused.push({ name, reason: 'Named .pdf but its contents are not a PDF.' });
    else if (TEXT_EXTENSIONS.test(file.name) && head.includes('\0'))
      refused.push({ name, reason: `Named ${ext} but its contents are not text.` });
    else if (TEXT_EXTENSIONS.test(file.name)) accepted.push({ file, name });
    else
      refused.push({
        name,
        reason: 'Not a document Scholium imports: it reads PDF, plain text (.txt), Markdown (.md) and JSONL files.',
      });
  }
  return { accepted, refused };
}
