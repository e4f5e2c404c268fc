// The reactive current locale (Svelte 5 runes). Reading it inside a template or $derived makes that
// part re-render when the language changes, so `t(...)` in markup is all a component needs.
import type { CommandError } from '../bindings';
import { errorMessage, FALLBACK_LOCALE, translate, type Locale, type MessageKey, type Params } from './core';

const state = $state<{ locale: Locale }>({ locale: FALLBACK_LOCALE });

export function currentLocale(): Locale {
  return state.locale;
}

export function setCurrentLocale(locale: Locale): void {
  state.locale = locale;
}

export function t(key: MessageKey, params?: Params): string {
  return translate(state.locale, key, params);
}

export function tError(err: Pick<CommandError, 'code' | 'field' | 'limit'>): string {
  return errorMessage(state.locale, err);
}
