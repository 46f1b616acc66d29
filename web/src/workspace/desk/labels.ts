import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson, type Labels, loadReference, type Reference } from '../../api';
import { label } from '../../format';

export interface DeskReference extends Reference {
  tags: Map<string, Labels>;
}

let tags: Promise<Map<string, Labels>> | undefined;

/** The country profile's labels, with the context tags the public site does not need. */
export function useDeskReference(): DeskReference | undefined {
  const [ref, setRef] = useState<DeskReference>();
  useEffect(() => {
    tags ??= getJson<{ tags: { code: string; labels: Labels }[] }>('/api/v1/reference/context-tags').then((r) => new Map(r.tags.map((x) => [x.code, x.labels])));
    void Promise.all([loadReference(), tags]).then(([r, g]) => setRef({ ...r, tags: g }), () => undefined);
  }, []);
  return ref;
}

/** The label of a code of any kind the desk filters on, in the reader's language. */
export function useCodeLabel(ref: DeskReference | undefined) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const maps: Record<string, Map<string, Labels> | undefined> = {
    type: ref?.types,
    region: ref?.regions,
    victim_group: ref?.groups,
    perpetrator_type: ref?.perpetrators,
    article: ref?.articles,
    context: ref?.tags,
  };
  return (kind: string, code: string): string => {
    if (kind === 'status' || kind === 'gender') return t(`desk.${kind}.${code}`, { defaultValue: code });
    const map = maps[kind];
    return map ? label(map.get(code), lang, code) : code;
  };
}

/** Who did something, as the audit log names them ("user:ann@example.org"), for people to read. */
export const actorName = (actor: string) => actor.replace(/^user:/, '');

