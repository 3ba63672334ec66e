/**
 * The pages of the app, the channel each is built on, and which a role is offered: a page is offered
 * when the role may call its channel (channelAccess). Plain TypeScript, so tests can read it too.
 */
import type { ChannelName } from '../../src-core/contracts/channels';
import { roleMayCall } from '../../src-core/contracts/channels/channelAccess';
import type { Role } from '../../src-core/governance/roles';

export const pages = [
  { id: 'datasets', title: 'Datasets', channel: 'datasets.list' },
  { id: 'runs', title: 'Runs', channel: 'runs.list' },
  { id: 'validation', title: 'Validation', channel: 'validation.list' },
  { id: 'fairness', title: 'Fairness', channel: 'fairness.report' },
  { id: 'ood', title: 'Out-of-distribution', channel: 'ood.report' },
  { id: 'worklist', title: 'Worklist', channel: 'worklist.list' },
  { id: 'models', title: 'Models', channel: 'models.list' },
  { id: 'review', title: 'Review package', channel: 'audit.events' },
  { id: 'audit', title: 'Audit trail', channel: 'audit.events' },
  { id: 'system', title: 'System', channel: 'system.info' },
] as const satisfies ReadonlyArray<{ id: string; title: string; channel: ChannelName }>;

export type PageId = (typeof pages)[number]['id'];

/** Where each role starts: its main work. */
export const homePage: Readonly<Record<Role, PageId>> = { engineer: 'datasets', radiologist: 'worklist', qa: 'models', admin: 'audit' };

export const pagesFor = (role: Role) => pages.filter((p) => roleMayCall(role, p.channel));
