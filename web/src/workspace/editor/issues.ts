import type { TFunction } from 'i18next';

/**
 * The API words its field issues in English (zod's messages and the profile check's). The form
 * shows each in the reader's language: the known kinds of problem by key, anything else as a
 * general "check this value" followed by the server's own words, so nothing is hidden.
 */
const KINDS: [RegExp, string][] = [
  [/^required$|Too small: expected string|expected string, received undefined|a name is required/, 'required'],
  [/Too big/, 'tooLong'],
  [/Invalid URL|expected an http or https address/i, 'url'],
  [/expected YYYY/, 'dateFormat'],
  [/no such day/, 'noSuchDay'],
  [/end date must follow/, 'endBeforeStart'],
  [/text in the source language is required/, 'sourceText'],
  [/exactly one victim/, 'oneVictim'],
  [/^oneAct$|at least one act/, 'oneAct'],
  [/did not exist on/, 'regionNotThen'],
  [/does not apply to a/, 'typeNotForVictim'],
  [/is for a \w+, the victim is a/, 'groupNotForVictim'],
  [/only in your regions/, 'notYourRegion'],
  [/^unknown /, 'unknownCode'],
];

export function issueText(t: TFunction, message: string): string {
  const kind = KINDS.find(([pattern]) => pattern.test(message))?.[1];
  return kind ? t(`editor.issue.${kind}`) : t('editor.issue.other', { detail: message });
}
