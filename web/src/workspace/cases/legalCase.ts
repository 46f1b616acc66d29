/** The shapes of /api/v1/legal-cases that these pages read, and the method's fixed vocabularies. */
export interface CaseEvent {
  date: string;
  kind: string;
  instance?: string | null;
  outcome?: string | null;
  detail?: string | null;
  deadline?: string | null;
}

export interface LegalCase {
  id: string;
  kind: 'criminal' | 'civil' | 'administrative';
  title: string;
  case_number?: string | null;
  court?: string | null;
  against_journalist: boolean;
  investigation_status?: string | null;
  parties: { person?: string | null; organisation?: string | null; name?: string | null; role: string }[];
  charges: { article: string; person?: string | null }[];
  events: CaseEvent[];
  notes?: string | null;
  confidential_fields: string[];
}

export interface CaseView {
  record: LegalCase;
  incidents: string[];
  assignees: string[];
  version: number;
  created_at: string;
  updated_at: string;
}

export const CASE_KINDS = ['criminal', 'civil', 'administrative'] as const;
/** Court instances in the order a case climbs them. */
export const INSTANCES = ['pre_trial', 'first', 'appeal', 'cassation', 'supervisory'] as const;

/** Today as YYYY-MM-DD in the reader's own calendar, to tell upcoming deadlines from past ones. */
export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The case's deadlines, soonest first, each marked past or upcoming. */
export function deadlines(events: readonly CaseEvent[], on = today()) {
  return events
    .filter((e): e is CaseEvent & { deadline: string } => Boolean(e.deadline))
    .map((e) => ({ ...e, past: e.deadline < on }))
    .sort((a, b) => a.deadline.localeCompare(b.deadline));
}

/** The latest outcome at each instance the case reached, in the order of the instances. */
export function outcomesByInstance(events: readonly CaseEvent[]) {
  const latest = new Map<string, CaseEvent>();
  for (const e of [...events].sort((a, b) => a.date.localeCompare(b.date))) if (e.instance && e.outcome) latest.set(e.instance, e);
  return INSTANCES.flatMap((instance) => {
    const e = latest.get(instance);
    return e ? [{ instance, outcome: e.outcome!, date: e.date }] : [];
  });
}
