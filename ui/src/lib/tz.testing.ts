// Test helper: run date code in a chosen time zone. Node re-reads TZ whenever it is assigned.
// (No @types/node in this project, hence the narrow cast.)
const env = (globalThis as unknown as { process: { env: Record<string, string | undefined> } }).process.env;
const original = env['TZ'];

export function useTimeZone(tz: string): void {
  env['TZ'] = tz;
}

export function restoreTimeZone(): void {
  if (original === undefined) delete env['TZ'];
  else env['TZ'] = original;
}
