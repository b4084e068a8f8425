import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const core = path.join(root, 'electron/core');
const migrationsDir = path.join(core, 'db/migrations');

/** Each concern folder of electron/core and the tables only its code may query. */
const OWNERS: Record<string, readonly string[]> = {
  library: [
    'papers',
    'files',
    'pages',
    'passages',
    'passages_fts',
    'embedding_models',
    'vector_changes',
    'collections',
    'paper_collections',
    'watched_folders',
    'import_jobs',
    'import_job_files',
    'import_job_outcomes',
  ],
  ask: ['conversations', 'turns'],
  // models_next: the name migration 9 rebuilds the models table under.
  models: ['models', 'model_defaults', 'adapters', 'model_servers', 'models_next'],
  evaluation: ['eval_sets', 'eval_items', 'eval_runs', 'eval_results', 'training_marks'],
  jobs: ['jobs'],
  settings: ['settings'],
  db: ['sqlite_master', 'migrations'],
};
/** Files that query a database other than the library's, whose catalogue and tables are not ours. */
const OTHER_DATABASES: Record<string, string> = {
  'library/metadata/zotero.ts': 'reads a copy of Zotero’s zotero.sqlite',
};
/** Vector tables and their codes are made at run time, one per embedding model (library/store/vectors.ts). */
const VECTOR_TABLE = /^passage_(vec|bits|floats)_/;

function ownerOf(table: string): string | undefined {
  if (VECTOR_TABLE.test(table)) return 'library';
  return Object.keys(OWNERS).find((folder) => OWNERS[folder]!.includes(table));
}

/** The tables the migrations create. */
function migrationTables(): string[] {
  const tables = new Set<string>();
  for (const file of fs.readdirSync(migrationsDir)) {
    const source = fs.readFileSync(path.join(migrationsDir, file), 'utf8');
    for (const m of source.matchAll(/CREATE\s+(?:VIRTUAL\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)/gi))
      tables.add(m[1]!);
  }
  return [...tables];
}

/** The text of every string and template literal in a source file (interpolations kept as `${...}`). */
function literals(fileName: string, source: string): string[] {
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) out.push(node.text);
    else if (ts.isTemplateExpression(node))
      out.push(
        node.head.text + node.templateSpans.map((s) => '${' + s.expression.getText() + '}' + s.literal.text).join(''),
      );
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true));
  return out;
}

/** SQL words after which a table name follows; case-sensitive, as the code writes SQL in capitals. */
const TABLE_REFERENCE = /\b(?:FROM|JOIN|INTO|UPDATE|TABLE|ON)\s+(?:IF\s+NOT\s+EXISTS\s+)?(\$\{[^}]*\}|\w+)/g;

/** A table named at run time that the file does not name: the only such tables are the vector tables. */
const UNNAMED = 'passage_vec_${id}';

/**
 * Tables a file's SQL touches. A table named at run time (`FROM ${kind.table}`) stands for every table name the
 * file writes as a string of its own ('models', `passage_vec_${id}`), or, with none, for a vector table.
 */
function tablesTouched(fileName: string, source: string): Set<string> {
  const texts = literals(fileName, source);
  const touched = new Set<string>();
  let runTimeName = false;
  for (const text of texts)
    for (const m of text.matchAll(TABLE_REFERENCE)) {
      if (m[1]!.startsWith('${')) runTimeName = true;
      else if (ownerOf(m[1]!) !== undefined) touched.add(m[1]!);
    }
  if (runTimeName) {
    const named = texts.filter((text) => ownerOf(text) !== undefined);
    for (const name of named.length > 0 ? named : [UNNAMED]) touched.add(name);
  }
  return touched;
}

function coreSources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return full === migrationsDir ? [] : coreSources(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** `file: table` for each query on a table from outside its owner's folder. */
function trespasses(): string[] {
  const found: string[] = [];
  for (const file of coreSources(core)) {
    const rel = path.relative(core, file).split(path.sep);
    const folder = rel.length > 1 ? rel[0] : undefined;
    const foreign = rel.join('/') in OTHER_DATABASES;
    for (const table of tablesTouched(file, fs.readFileSync(file, 'utf8'))) {
      if (foreign && table === 'sqlite_master') continue;
      if (ownerOf(table) !== folder) found.push(`${rel.join('/')}: ${table}`);
    }
  }
  return found.sort();
}

describe('each table has one owner, and only its folder queries it', () => {
  it('every table the migrations create has an owning folder', () => {
    const tables = migrationTables();
    expect(tables.length).toBeGreaterThan(20);
    expect(tables.filter((t) => ownerOf(t) === undefined)).toEqual([]);
  });

  it('every owned table exists (the map has no stale names)', () => {
    const tables = new Set([...migrationTables(), 'sqlite_master', 'migrations']);
    expect(
      Object.values(OWNERS)
        .flat()
        .filter((t) => !tables.has(t)),
    ).toEqual([]);
  });

  it('no file outside a folder queries that folder’s tables', () => {
    expect(trespasses()).toEqual([]);
  });

  it('the scanner sees the tables a query touches, and not the words of a message', () => {
    const source = [
      "db.prepare('SELECT id FROM papers WHERE id = ?');",
      'db.prepare(`DELETE FROM ${vectors.table} WHERE passage_id = ?`);',
      "const kinds = { models: { table: 'models' } };",
      "db.prepare('INSERT INTO turns (id) VALUES (?) ON CONFLICT (id) DO NOTHING');",
      "db.exec('ALTER TABLE jobs ADD COLUMN x');",
      "db.prepare('SELECT p.id FROM eval_runs r JOIN settings s ON s.key = r.id');",
      "throw new Error('no passages from papers you chose');",
    ].join('\n');
    expect([...tablesTouched('example.ts', source)].sort()).toEqual(
      ['eval_runs', 'jobs', 'models', 'papers', 'settings', 'turns'].sort(),
    );
    expect([...tablesTouched('example.ts', 'db.prepare(`SELECT * FROM ${table}`);')]).toEqual([UNNAMED]);
  });
});
