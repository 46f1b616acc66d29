/**
 * The confidentiality rules, written a second time, independently of the product's policy code, as
 * a model the security tests check the server against. The model holds the state of the records a
 * test created (who created what, which case links which incidents, who is assigned) and answers,
 * for any reader, whether it may see a record or one of its parts.
 *
 * Every value a test stores carries a marker (see `markerOf`); the model knows which record part
 * each marker stands in, so any answer can be scanned for markers the reader may not see.
 */

export type Status = 'received' | 'under_verification' | 'verified' | 'published' | 'merged';
export const STATUSES: readonly Status[] = ['received', 'under_verification', 'verified', 'published'];

/** A reader as the rules see it: its (token's) roles, a monitor's regions, an analyst's grants. */
export interface ReaderModel {
  readonly name: string;
  readonly userId: string | null;
  readonly roles: readonly string[];
  readonly regions: readonly string[];
  readonly grants: readonly string[];
}

export const PUBLIC: ReaderModel = { name: 'public', userId: null, roles: [], regions: [], grants: [] };

export interface ActModel {
  person?: string;
  organisation?: string;
  /** `victim` listed in the act's confidential_fields. */
  victimHidden: boolean;
}

export interface IncidentModel {
  status: Status;
  confidential: boolean;
  region: string | null;
  createdBy: string | null;
  acts: ActModel[];
}

export interface PersonModel {
  createdBy: string | null;
  /** Fields listed in the person's confidential_fields. */
  hidden: Set<string>;
  outlet?: string;
}

export interface CaseModel {
  incidents: Set<string>;
  assignees: Set<string>;
}

/** What a marker stands in. */
export type Part =
  | { readonly kind: 'incident'; readonly id: string; readonly confidential: boolean }
  | { readonly kind: 'person'; readonly id: string; readonly field: 'id' | 'name' | 'notes' | 'contact' }
  | { readonly kind: 'organisation'; readonly id: string }
  | { readonly kind: 'case'; readonly id: string; readonly confidential: boolean };

export class World {
  readonly incidents = new Map<string, IncidentModel>();
  readonly persons = new Map<string, PersonModel>();
  readonly organisations = new Map<string, { createdBy: string | null }>();
  readonly cases = new Map<string, CaseModel>();
  readonly parts = new Map<string, Part>();
  private counter = 0;

  /** A fresh marker for a part: `mk` + number + `q`, found in any answer by MARKER. */
  markerOf(part: Part): string {
    const marker = `mk${String(this.counter++).padStart(6, '0')}q`;
    this.parts.set(marker, part);
    return marker;
  }

  // -------------------------------------------------------------------------------------------
  // Incidents.

  seesIncident(r: ReaderModel, id: string): boolean {
    const i = this.incidents.get(id);
    if (!i) return false;
    const has = (role: string) => r.roles.includes(role);
    if (isStaff(r)) return true;
    const vetted = i.status === 'verified' || i.status === 'published';
    if (i.status === 'published' && !i.confidential) return true;
    if ((has('analyst') || has('partner') || has('lawyer')) && vetted && !i.confidential) return true;
    if (has('analyst') && r.grants.includes('confidential') && vetted) return true;
    if (has('lawyer') && this.assignedCaseOf(r, id)) return true;
    if (has('monitor')) {
      if (i.region && r.regions.includes(i.region) && !i.confidential) return true;
      if (r.userId && i.createdBy === r.userId) return true;
    }
    return false;
  }

  /** The confidential parts of an incident the reader sees. */
  seesIncidentSecrets(r: ReaderModel, id: string): boolean {
    if (!this.seesIncident(r, id)) return false;
    const i = this.incidents.get(id)!;
    return isStaff(r) || hasGrant(r) || (r.userId !== null && i.createdBy === r.userId) || this.assignedCaseOf(r, id);
  }

  private assignedCaseOf(r: ReaderModel, incident: string): boolean {
    if (!r.roles.includes('lawyer') || !r.userId) return false;
    for (const c of this.cases.values()) if (c.incidents.has(incident) && c.assignees.has(r.userId)) return true;
    return false;
  }

  // -------------------------------------------------------------------------------------------
  // People and organisations: seen through a victim shown in a visible incident, or by their creator.

  /** Acts of incidents the reader sees whose victim it may learn of. */
  private *shownActs(r: ReaderModel): Generator<ActModel> {
    for (const [id, i] of this.incidents) {
      if (!this.seesIncident(r, id)) continue;
      const secrets = this.seesIncidentSecrets(r, id);
      for (const a of i.acts) if (!a.victimHidden || secrets) yield a;
    }
  }

  seesPerson(r: ReaderModel, id: string): boolean {
    const p = this.persons.get(id);
    if (!p) return false;
    if (isStaff(r) || (r.userId !== null && p.createdBy === r.userId)) return true;
    for (const a of this.shownActs(r)) if (a.person === id) return true;
    return false;
  }

  seesPersonSecrets(r: ReaderModel, id: string): boolean {
    const p = this.persons.get(id);
    if (!p) return false;
    if (isStaff(r) || hasGrant(r) || (r.userId !== null && p.createdBy === r.userId)) return true;
    if (!r.roles.includes('lawyer') || !r.userId) return false;
    for (const [incidentId, i] of this.incidents) {
      if (i.acts.some((a) => a.person === id) && this.assignedCaseOf(r, incidentId)) return true;
    }
    return false;
  }

  seesOrganisation(r: ReaderModel, id: string): boolean {
    const o = this.organisations.get(id);
    if (!o) return false;
    if (isStaff(r) || (r.userId !== null && o.createdBy === r.userId)) return true;
    for (const a of this.shownActs(r)) {
      if (a.organisation === id) return true;
      if (a.person && this.persons.get(a.person)?.outlet === id) return true;
    }
    return false;
  }

  // -------------------------------------------------------------------------------------------
  // Legal cases: known through a visible incident; confidential fields to staff, the grant and the
  // case's own lawyers only (not to the author of a linked incident, nor to another case's lawyer).

  seesCase(r: ReaderModel, id: string): boolean {
    const c = this.cases.get(id);
    if (!c) return false;
    return isStaff(r) || [...c.incidents].some((i) => this.seesIncident(r, i));
  }

  seesCaseSecrets(r: ReaderModel, id: string): boolean {
    const c = this.cases.get(id);
    if (!c || !this.seesCase(r, id)) return false;
    return isStaff(r) || hasGrant(r) || (r.userId !== null && c.assignees.has(r.userId));
  }

  // -------------------------------------------------------------------------------------------

  /** Whether the reader may see the value a marker stands in (unknown markers: yes). */
  mayRead(r: ReaderModel, marker: string): boolean {
    const part = this.parts.get(marker);
    if (!part) return true;
    switch (part.kind) {
      case 'incident':
        return part.confidential ? this.seesIncidentSecrets(r, part.id) : this.seesIncident(r, part.id);
      case 'organisation':
        return this.seesOrganisation(r, part.id);
      case 'case':
        return part.confidential ? this.seesCaseSecrets(r, part.id) : this.seesCase(r, part.id);
      case 'person': {
        if (!this.seesPerson(r, part.id)) return false;
        const hidden = this.persons.get(part.id)!.hidden;
        const secrets = () => this.seesPersonSecrets(r, part.id);
        // A person whose name is hidden is shown without it and without its id.
        const field = part.field === 'id' ? 'name' : part.field;
        if (field === 'contact') return secrets();
        return !hidden.has(field) || secrets();
      }
    }
  }

  /** Why a marker must stay hidden from a reader, for failure messages. */
  describe(marker: string): string {
    const part = this.parts.get(marker);
    if (!part) return 'unknown';
    if (part.kind === 'incident') {
      const i = this.incidents.get(part.id);
      return `${part.confidential ? 'confidential part' : 'value'} of incident ${part.id} (${i?.status}${i?.confidential ? ', confidential' : ''}, region ${i?.region})`;
    }
    if (part.kind === 'person') return `${part.field} of person ${part.id} (hidden: ${[...(this.persons.get(part.id)?.hidden ?? [])].join(',') || 'none'})`;
    if (part.kind === 'case') return `${part.confidential ? 'confidential part' : 'value'} of legal case ${part.id}`;
    return `organisation ${part.id}`;
  }
}

export const MARKER = /mk\d{6}q/g;

export const isStaff = (r: ReaderModel) => r.roles.includes('administrator') || r.roles.includes('editor');
const hasGrant = (r: ReaderModel) => r.roles.includes('analyst') && r.grants.includes('confidential');

/** Which records a writer may change: staff any; others their own, while every incident naming it is their own draft. */
export function mayChangePerson(world: World, r: ReaderModel, kind: 'person' | 'organisation', id: string): boolean {
  if (isStaff(r)) return true;
  const rec = kind === 'person' ? world.persons.get(id) : world.organisations.get(id);
  if (!rec || !r.userId || rec.createdBy !== r.userId) return false;
  for (const i of world.incidents.values()) {
    const names = i.acts.some((a) => (kind === 'person' ? a.person === id : a.organisation === id || (a.person && world.persons.get(a.person)?.outlet === id)));
    if (names && !(i.createdBy === r.userId && i.status === 'received')) return false;
  }
  return true;
}
