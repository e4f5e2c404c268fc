//! The scripts `chainbook-feel` runs in the app's page: the probe that times an interaction
//! from its input event to the painted frame, and the bare round trip of one command.

/// Installed once in the page; `window.__feel.arm(cond)` starts a measurement and
/// `window.__feel.result()` returns `null` until it is done, then `{ms}` (or `{error}`).
pub const PROBE: &str = r#"
if (!window.__feel) {
  const f = { armed: false, start: null, end: null, cond: null, el0: null, shown0: -1, error: null };
  const q = (sel) => document.querySelector(sel);
  const busy = () => !!q('main [aria-busy="true"]') || !!q('main .list-placeholder');
  const ready = () => {
    const c = f.cond;
    if (c.kind === 'list') {
      const el = q(c.sel);
      if (!el || el.getAttribute('aria-busy') !== 'false') return false;
      const shown = Number(el.dataset.shown || 0);
      return el === f.el0 ? shown > f.shown0 : shown >= 1;
    }
    if (c.kind === 'view') {
      const el = q(c.sel);
      return !!el && el !== f.el0 && !!q(c.ready) && !busy();
    }
    if (c.kind === 'palette') {
      const d = q('[data-testid="global-search"]');
      const i = q('[data-testid="global-search-input"]');
      return !!d && !!i && i.value !== '' && d.dataset.searched === i.value;
    }
    f.error = 'unknown condition ' + c.kind;
    return true;
  };
  const mark = (e) => {
    if (!f.armed || f.start !== null) return;
    const now = performance.now();
    // The event's own time stamp counts the time it waited in the queue; an engine that
    // stamps on another clock is caught by the range check.
    f.start = e.timeStamp > 0 && e.timeStamp <= now ? e.timeStamp : now;
  };
  // A click counts from the click (the button's release), as apps answer it; a key from its
  // key-down.
  for (const type of ['keydown', 'click']) document.addEventListener(type, mark, true);
  const loop = () => {
    if (f.armed && f.start !== null && f.end === null && ready()) {
      f.end = -1;
      f.dom = performance.now();
      // After this frame's callbacks comes its paint; a zero timer runs after that.
      setTimeout(() => { f.end = performance.now(); f.armed = false; }, 0);
    }
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
  // Each command's round trip as the page sees it: the UI's `call` leaves an `ipc:<command>`
  // User Timing measure (ui/src/lib/ipc.ts).
  f.arm = (cond) => {
    f.cond = cond; f.start = null; f.end = null; f.error = null;
    performance.clearMeasures();
    const el = cond.sel ? q(cond.sel) : null;
    f.el0 = el;
    f.shown0 = el ? Number(el.dataset.shown || 0) : -1;
    f.armed = true;
  };
  f.result = () => {
    if (f.error) return { error: f.error };
    if (f.end === null || f.end < 0) return null;
    const ipc = performance.getEntriesByType('measure')
      .filter((e) => e.name.startsWith('ipc:') && e.startTime >= f.start)
      .reduce((m, e) => Math.max(m, e.duration), 0);
    // Charts drawn for it (`chart:<testid>` measures left by the dashboard's Chart).
    const charts = performance.getEntriesByType('measure')
      .filter((e) => e.name.startsWith('chart:') && e.startTime >= f.start)
      .map((e) => [e.name, e.duration]);
    return { ms: f.end - f.start, dom: f.dom - f.start, ipc, charts };
  };
  window.__feel = f;
}
return true;
"#;

/// Calls the command `arguments[0]` (one without arguments) and answers its round trip in ms,
/// or -1 when it failed.
pub const ROUND_TRIP: &str = r#"
const done = arguments[arguments.length - 1];
const t0 = performance.now();
window.__TAURI_INTERNALS__.invoke(arguments[0], {}).then(
  () => done(performance.now() - t0),
  () => done(-1));
"#;
