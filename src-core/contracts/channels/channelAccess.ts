/**
 * Who may call each channel: every channel declares it here (a channel missing from this table is a
 * compile error), reads as well as writes. Main refuses a call before its handler runs; the renderer
 * uses the same table to offer only the pages a role can use. The governance services still check
 * their own permissions (signing meaning, lock) behind this first gate.
 */
import type { Role } from '../../governance/roles';
import type { ChannelName } from './index';

/**
 * - `anyone`: needs no session (signing in, asking who is signed in, signing out);
 * - `own-session`: needs a session, and works while it is locked (lock, unlock);
 * - a list of roles: needs an unlocked session of one of these roles.
 */
export type ChannelAccess = 'anyone' | 'own-session' | readonly Role[];

const everyRole: readonly Role[] = ['engineer', 'qa', 'radiologist', 'admin'];
const builders: readonly Role[] = ['engineer'];
const evidenceReaders: readonly Role[] = ['engineer', 'qa'];
const reportReaders: readonly Role[] = ['engineer', 'qa', 'radiologist', 'admin'];
const imageReaders: readonly Role[] = ['radiologist', 'engineer', 'admin'];
const auditors: readonly Role[] = ['qa', 'admin'];

export const channelAccess: Readonly<Record<ChannelName, ChannelAccess>> = {
  'session.signIn': 'anyone',
  'session.current': 'anyone',
  'session.signOut': 'anyone',
  'session.lock': 'own-session',
  'session.unlock': 'own-session',
  'system.info': everyRole,
  'system.doctor': ['engineer', 'qa', 'admin'],
  // Job ids are random and only handed to the caller that started the job.
  'jobs.events': everyRole,
  'jobs.cancel': everyRole,
  'datasets.list': evidenceReaders,
  'datasets.summary': evidenceReaders,
  'datasets.import': builders,
  'datasets.split': builders,
  'runs.list': evidenceReaders,
  'runs.metrics': evidenceReaders,
  'runs.start': builders,
  'runs.cancel': builders,
  'runs.bundle': builders,
  'runs.evaluate': builders,
  'validation.list': reportReaders,
  'validation.report': reportReaders,
  'validation.charts': reportReaders,
  'validation.compare': reportReaders,
  'validation.caseImages': reportReaders,
  'validation.caseOriginal': reportReaders,
  'validation.casePixels': reportReaders,
  'fairness.report': reportReaders,
  'ood.report': reportReaders,
  'images.studies': imageReaders,
  'images.pixels': imageReaders,
  'images.saliency': imageReaders,
  // Roles that may run inference (see src-core/governance/roles.ts).
  'worklist.review': ['radiologist', 'engineer', 'qa'],
  'worklist.list': imageReaders,
  'worklist.study': imageReaders,
  'worklist.adjudicate': ['radiologist', 'admin'],
  'worklist.saveDraft': ['radiologist', 'admin'],
  'worklist.cases': imageReaders,
  'worklist.exportReadings': imageReaders,
  'models.list': everyRole,
  'models.detail': everyRole,
  'models.sign': ['engineer', 'qa', 'radiologist'],
  'models.signatureStatement': ['engineer', 'qa', 'radiologist'],
  'models.lock': ['qa'],
  'models.exportPdf': everyRole,
  // The same facts as the PDF model card, which every role may download.
  'models.lineage': everyRole,
  'audit.events': auditors,
  'audit.verify': ['engineer', 'qa', 'admin'],
  'audit.export': auditors,
};

/** Whether a signed-in, unlocked user of this role may call the channel. */
export function roleMayCall(role: Role, channel: ChannelName): boolean {
  const access = channelAccess[channel];
  return access === 'anyone' || access === 'own-session' || access.includes(role);
}
