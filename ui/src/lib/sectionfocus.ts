// After the user chooses a section (the nav, Alt+1…0, the palette), keyboard focus moves into it,
// so a keyboard user goes on from there instead of from the nav or from nowhere. Sections load
// lazily and draw after their data: this waits for the section's heading (every section has one
// h1) and focuses it, without scrolling, unless the section already focused a control of its own
// (a form's first field) or the user went on to a dialog meanwhile.

/** What the waiting does next. */
export type FocusStep = 'done' | 'wait' | 'focus_heading' | 'focus_main';

/**
 * One look at the page: `activeInside` — focus is already in the section; `activeInDialog` — the
 * user opened a dialog meanwhile; `hasHeading` — the section's heading is drawn; `timedOut` — the
 * section drew no heading in time (then the section's container takes the focus).
 */
export function sectionFocusStep(look: {
  activeInside: boolean;
  activeInDialog: boolean;
  hasHeading: boolean;
  timedOut: boolean;
}): FocusStep {
  if (look.activeInside || look.activeInDialog) return 'done';
  if (look.hasHeading) return 'focus_heading';
  return look.timedOut ? 'focus_main' : 'wait';
}

const HEADING = 'h1';

function focusQuietly(el: HTMLElement): void {
  // A heading is not in the Tab order; -1 lets a script focus it and Tab go on from it.
  if (!el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1');
  el.focus({ preventScroll: true });
}

/** Moves focus into `main` once the new section is drawn; returns a function that stops waiting
 *  (call it when another section is chosen first). */
export function focusSection(main: HTMLElement, timeoutMs = 2000): () => void {
  let stopped = false;
  let observer: MutationObserver | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const stop = (): void => {
    stopped = true;
    observer?.disconnect();
    if (timer !== null) clearTimeout(timer);
  };
  const attempt = (timedOut: boolean): void => {
    if (stopped) return;
    const active = document.activeElement;
    const step = sectionFocusStep({
      activeInside: active !== null && active !== main && main.contains(active),
      activeInDialog: active?.closest('[aria-modal="true"]') != null,
      hasHeading: main.querySelector(HEADING) !== null,
      timedOut,
    });
    if (step === 'wait') return;
    if (step === 'focus_heading') focusQuietly(main.querySelector<HTMLElement>(HEADING) as HTMLElement);
    else if (step === 'focus_main') focusQuietly(main);
    stop();
  };
  // The old section's DOM is replaced in the next update: look after a frame, then on each change.
  requestAnimationFrame(() => {
    attempt(false);
    if (stopped) return;
    observer = new MutationObserver(() => attempt(false));
    observer.observe(main, { childList: true, subtree: true });
    timer = setTimeout(() => attempt(true), timeoutMs);
  });
  return stop;
}
