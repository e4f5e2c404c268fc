// The window's theme: light, dark, or the OS's (the default), chosen in Settings and kept in the
// device's settings. The OS's is followed live: switching the desktop to dark switches the app.
// app.css holds the colours; this only sets <html data-theme>.

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

export function isTheme(v: string): v is Theme {
  return (THEMES as readonly string[]).includes(v);
}

/** The colours to show for `choice` when the OS prefers dark (or not). */
export function resolveTheme(choice: string, osPrefersDark: boolean): 'light' | 'dark' {
  if (choice === 'light' || choice === 'dark') return choice;
  return osPrefersDark ? 'dark' : 'light';
}

let media: MediaQueryList | null = null;
let chosen: string = 'system';

function paint(): void {
  document.documentElement.dataset.theme = resolveTheme(chosen, media?.matches ?? false);
}

/** Shows `choice` now, and keeps following the OS while it is "system". */
export function applyTheme(choice: string): void {
  chosen = isTheme(choice) ? choice : 'system';
  if (!media && typeof window.matchMedia === 'function') {
    media = window.matchMedia('(prefers-color-scheme: dark)');
    media.addEventListener('change', paint);
  }
  paint();
}
