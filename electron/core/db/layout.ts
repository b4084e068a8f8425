/** Names inside a library folder (no database code here: the core's light public entry uses them). */
export const DATABASE_FILE = 'library.sqlite';
/** Where backups go by default. */
export const BACKUP_FOLDER = 'backups';
