import { spanOf } from '../incidents/dates.js';
import { type Profile, regionValidOn } from '../reference/profile.js';
import type { IncidentDoc, OrganisationDoc } from './interchange.schema.js';

/** A problem found in one field of one record; the path is the field's place in the document. */
export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * Checks the codes of a parsed incident against the country profile: the schema knows a code's
 * shape, only the profile knows whether it exists, and whether it applies to this kind of victim.
 */
export function checkAgainstProfile(doc: IncidentDoc, profile: Profile): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const { codes } = profile;
  const add = (path: string, message: string) => issues.push({ path, message });
  const checkOrganisation = (org: OrganisationDoc | null | undefined, path: string) => {
    if (org?.kind && codes.victimGroups.get(org.kind) !== 'organisation') {
      add(`${path}.kind`, `"${org.kind}" is not an organisation kind of profile ${profile.name}`);
    }
    // An organisation outlives the regions it sat in, so any region of the gazetteer, past or present, will do.
    if (org?.name && org.region && !codes.regions.has(org.region)) add(`${path}.region`, `unknown region "${org.region}"`);
  };

  if (doc.region) {
    const region = codes.regions.get(doc.region);
    if (!region) add('region', `unknown region "${doc.region}"`);
    else if (doc.date && !regionValidOn(region, spanOf(doc.date).from) && !regionValidOn(region, spanOf(doc.date).to)) {
      add('region', `region "${doc.region}" did not exist on ${doc.date}; use the regions of that time`);
    }
  }
  doc.context.forEach((tag, i) => {
    if (!codes.contextTags.has(tag)) add(`context.${i}`, `unknown context tag "${tag}"`);
  });
  doc.acts.forEach((act, i) => {
    const victimKind = act.person ? 'person' : 'organisation';
    const type = profile.taxonomy.types.find((t) => t.code === act.type);
    if (!type) add(`acts.${i}.type`, `unknown act type "${act.type}"`);
    else if (!type.applies_to.includes(victimKind)) add(`acts.${i}.type`, `act type "${act.type}" does not apply to a ${victimKind}`);
    const groupKind = codes.victimGroups.get(act.victim_group);
    if (!groupKind) add(`acts.${i}.victim_group`, `unknown victim group "${act.victim_group}"`);
    else if (groupKind !== victimKind) add(`acts.${i}.victim_group`, `victim group "${act.victim_group}" is for a ${groupKind}, the victim is a ${victimKind}`);
    act.perpetrators.forEach((p, k) => {
      if (!codes.perpetratorTypes.has(p.perpetrator_type)) {
        add(`acts.${i}.perpetrators.${k}.perpetrator_type`, `unknown perpetrator type "${p.perpetrator_type}"`);
      }
    });
    checkOrganisation(act.person?.outlet, `acts.${i}.person.outlet`);
    checkOrganisation(act.organisation, `acts.${i}.organisation`);
  });
  doc.legal_cases.forEach((c, i) => {
    c.charges.forEach((charge, k) => {
      if (!codes.articles.has(charge.article)) add(`legal_cases.${i}.charges.${k}.article`, `unknown legal article "${charge.article}"`);
    });
  });
  return issues;
}
