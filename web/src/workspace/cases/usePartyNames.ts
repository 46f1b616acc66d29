import { useEffect, useState } from 'react';
import { getJson } from '../../api';
import { apiOf, type PeopleKind, type PersonView } from '../records/people';

/**
 * Names of the people and organisations a case refers to by id. A name the reader may not see
 * (the API answers 404, or hides it) stays unknown and the page shows the id instead.
 */
export function usePartyNames(refs: readonly { kind: PeopleKind; id: string }[]): Map<string, string> {
  const [names, setNames] = useState(new Map<string, string>());
  const key = refs.map((r) => `${r.kind}:${r.id}`).sort().join('|');
  useEffect(() => {
    const unique = [...new Set(key.split('|').filter(Boolean))];
    void Promise.all(
      unique.map(async (k) => {
        const [kind, id] = k.split(/:(.*)/s) as [PeopleKind, string];
        const view = await getJson<PersonView>(apiOf(kind, id)).catch(() => undefined);
        return [k, view?.record.name] as const;
      }),
    ).then((pairs) => setNames(new Map(pairs.flatMap(([k, name]) => (name ? [[k, name] as [string, string]] : [])))));
  }, [key]);
  return names;
}
