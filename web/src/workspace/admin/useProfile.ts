import { useEffect, useState } from 'react';
import { getJson } from '../../api';

/** One list of the country profile (/api/v1/reference/<name>), loaded once per view. */
export function useProfile<T>(name: string): { data?: T; error?: unknown } {
  const [state, setState] = useState<{ data?: T; error?: unknown }>({});
  useEffect(() => {
    getJson<T>(`/api/v1/reference/${name}`).then((data) => setState({ data }), (error: unknown) => setState({ error }));
  }, [name]);
  return state;
}

export type Labels = Record<'en' | 'ru' | 'kk', string>;
