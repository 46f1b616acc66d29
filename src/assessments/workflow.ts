import type { Permission } from '../platform/reader.js';

/**
 * The review workflow of an assessment item: written as a draft, sent for review, reviewed, then
 * approved. A reviewer may send it back with a reason; an approver may reopen it. Only drafts and
 * items under review can be edited, so what was reviewed is what gets approved.
 */
export const ITEM_STATUSES = ['draft', 'in_review', 'reviewed', 'approved'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

interface Step {
  readonly to: ItemStatus;
  readonly permission: Permission;
  /** Sending back or reopening must say why. */
  readonly needsReason: boolean;
}

export const ITEM_TRANSITIONS: Readonly<Record<ItemStatus, readonly Step[]>> = {
  draft: [{ to: 'in_review', permission: 'assessments:write', needsReason: false }],
  in_review: [
    { to: 'reviewed', permission: 'assessments:review', needsReason: false },
    { to: 'draft', permission: 'assessments:review', needsReason: true },
  ],
  reviewed: [
    { to: 'approved', permission: 'assessments:approve', needsReason: false },
    { to: 'draft', permission: 'assessments:review', needsReason: true },
  ],
  approved: [{ to: 'draft', permission: 'assessments:approve', needsReason: true }],
};

export function stepOf(from: ItemStatus, to: ItemStatus): Step | undefined {
  return ITEM_TRANSITIONS[from].find((s) => s.to === to);
}

export const EDITABLE: ReadonlySet<ItemStatus> = new Set(['draft', 'in_review']);
