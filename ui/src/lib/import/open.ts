// Opening the import wizard from anywhere (a list's Import button, Settings) without threading a
// callback through every section: the app shell registers how it shows the wizard.
import type { ImportKind } from './plan';

let opener: ((kind: ImportKind) => void) | null = null;

/** Called once by the app shell. */
export function setImportOpener(open: (kind: ImportKind) => void): void {
  opener = open;
}

/** Shows the import wizard for `kind`. */
export function openImport(kind: ImportKind): void {
  opener?.(kind);
}
