// Translated labels for choice keys and tags (reactive: they follow the current language).
import { t } from '../i18n';
import { choiceKey, isNeedTag, type ChoiceGroup } from './choices';

/** The translated label of a choice key; an unknown key is shown as it is, "" as "". */
export function tChoice(group: ChoiceGroup, value: string): string {
  if (value === '') return '';
  const key = choiceKey(group, value);
  return key ? t(key) : value;
}

/** A tag as shown: the predefined need tags translated, user tags as typed. */
export function tagLabel(tag: string): string {
  return isNeedTag(tag) ? t(`need.${tag}`) : tag;
}
