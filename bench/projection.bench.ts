/**
 * The projected time to import and embed a 10,000-paper library with 10 % scanned papers on the machine the
 * benchmarks ran on, from the rates the other benchmarks measured there (bench/results/*.json): pages per second of
 * the extraction pool on text-layer PDFs (extract), of the OCR pool on scanned pages (ocr), and passages per second
 * of the default (Q8_0) embedder (embedding); pages per paper and passages per page come from the corpus import
 * (import). `npm run bench` runs this after those, so a full run projects from its own fresh figures; alone it reads
 * the last ones, whose dates the report gives. The stages share the cores, so their times add up.
 * Writes bench/results/projection.md and projection.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { physicalCoreCount } from '../electron/core/platform/cpus.js';

const PAPERS = 10_000;
const SCANNED_SHARE = 0.1;

const results = path.join(import.meta.dirname, 'results');

function report<T>(name: string): T & { date: string } {
  const file = path.join(results, `${name}.json`);
  if (!fs.existsSync(file)) throw new Error(`no ${name} figures yet: run npm run bench -- ${name} first`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T & { date: string };
}

interface Stage {
  stage: string;
  work: string;
  rate: string;
  source: string;
  seconds: number;
}

function main(): void {
  const extract = report<{ workers: number; textLayer: { scholium: { pagesPerSecond: number } } }>('extract');
  const ocr = report<{ workers: number; scholium: { engine: string; pagesPerSecond: number }[] }>('ocr');
  const embedding = report<{
    threads: number;
    passagesPerSecond: { q8_0: number };
    passagesPerCpuSecond: { q8_0: number };
  }>('embedding');
  const imported = report<{ runs: { papers: number; pages: number; passages: number }[] }>('import');
  const corpus = imported.runs[0]!;
  const pagesPerPaper = corpus.pages / corpus.papers;
  const passagesPerPage = corpus.passages / corpus.pages;
  const pages = PAPERS * pagesPerPaper;
  const scannedPages = pages * SCANNED_SHARE;
  const textPages = pages - scannedPages;
  const passages = pages * passagesPerPage;
  // The pool's fastest engine is the one it uses where installed (native tesseract), tesseract.js elsewhere.
  const ocrRate = Math.max(...ocr.scholium.map((s) => s.pagesPerSecond));
  const ocrEngine = ocr.scholium.find((s) => s.pagesPerSecond === ocrRate)!.engine;
  const cores = physicalCoreCount();
  // The embedding benchmark runs the runtime on one thread and times it by CPU: a quiet machine's embedding job
  // gets about that rate per core it is given; the wall-clock rate of that run (beside other work) is the floor.
  const embedQuiet = embedding.passagesPerCpuSecond.q8_0 * cores;
  const embedLoaded = embedding.passagesPerSecond.q8_0;
  const day = (iso: string): string => iso.slice(0, 10);
  const stages: Stage[] = [
    {
      stage: 'extraction (text layer)',
      work: `${Math.round(textPages).toLocaleString('en')} pages`,
      rate: `${extract.textLayer.scholium.pagesPerSecond.toFixed(1)} pages/s (${extract.workers} workers)`,
      source: `extract, ${day(extract.date)}`,
      seconds: textPages / extract.textLayer.scholium.pagesPerSecond,
    },
    {
      stage: 'OCR (scanned papers)',
      work: `${Math.round(scannedPages).toLocaleString('en')} pages`,
      rate: `${ocrRate.toFixed(2)} pages/s (${ocr.workers} workers, ${ocrEngine})`,
      source: `ocr, ${day(ocr.date)}`,
      seconds: scannedPages / ocrRate,
    },
    {
      stage: 'embedding (Q8_0)',
      work: `${Math.round(passages).toLocaleString('en')} passages`,
      rate: `${embedQuiet.toFixed(1)} passages/s (${embedding.passagesPerCpuSecond.q8_0.toFixed(1)} per CPU second × ${cores} cores)`,
      source: `embedding, ${day(embedding.date)}`,
      seconds: passages / embedQuiet,
    },
  ];
  const total = stages.reduce((s, x) => s + x.seconds, 0);
  const totalLoaded = total - stages[2]!.seconds + passages / embedLoaded;
  const hours = (s: number): string => (s / 3600).toFixed(1);
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`;
  const out = {
    date: new Date().toISOString(),
    machine,
    papers: PAPERS,
    scannedShare: SCANNED_SHARE,
    pagesPerPaper,
    passagesPerPage,
    stages,
    totalSeconds: total,
    totalSecondsEmbeddingAsMeasuredBesideOtherWork: totalLoaded,
  };
  const md = [
    '# Projected import of a 10,000-paper library',
    '',
    `${out.date.slice(0, 10)} · ${machine} · ${PAPERS.toLocaleString('en')} papers of ${pagesPerPaper.toFixed(1)} pages (the corpus's mean), ${SCANNED_SHARE * 100} % of them scanned, ${passagesPerPage.toFixed(2)} passages a page (the corpus import of ${day(imported.date)}).`,
    '',
    '| stage | work | rate | measured by | hours |',
    '|---|---|---|---|---|',
    ...stages.map((s) => `| ${s.stage} | ${s.work} | ${s.rate} | ${s.source} | ${hours(s.seconds)} |`),
    `| **total** | | | | **${hours(total)}** |`,
    '',
    `The stages share the cores, so their times add up. Embedding is projected from the runtime's passages per CPU second on as many cores as the machine has; at the wall-clock rate its benchmark saw beside other work (${embedLoaded.toFixed(1)} passages/s on one thread) the total would be ${hours(totalLoaded)} h. Extraction and OCR rates are the wall clock of their benchmarks' runs: on a busy machine they are low, so the projection errs long.`,
    '',
  ].join('\n');
  fs.writeFileSync(path.join(results, 'projection.md'), md);
  fs.writeFileSync(path.join(results, 'projection.json'), `${JSON.stringify(out, null, 2)}\n`);
  console.log(md);
}

main();
