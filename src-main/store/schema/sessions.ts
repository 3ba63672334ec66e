/**
 * App sign-in sessions: one row per sign-in. Only the SHA-256 of the session token is stored, so a
 * copy of the database cannot be replayed as a session. A session ends by sign-out or expiry
 * (`endedAt`); it is locked (`lockedAt`) after inactivity until the same user re-enters the password.
 */
import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const appSessions = sqliteTable(
  'app_sessions',
  {
    id: text('id').primaryKey(),
    /** SHA-256 (hex) of the 256-bit random token; the token itself is never stored. */
    tokenHash: text('token_hash').notNull().unique(),
    userId: text('user_id').notNull(),
    username: text('username').notNull(),
    /** 'electron' or 'devhost': which transport carried the sign-in. */
    via: text('via').notNull(),
    /** ISO 8601 UTC. */
    createdAt: text('created_at').notNull(),
    lastSeenAt: text('last_seen_at').notNull(),
    expiresAt: text('expires_at').notNull(),
    lockedAt: text('locked_at'),
    endedAt: text('ended_at'),
    /** 'signed-out' | 'expired' | 'idle-timeout', set with endedAt. */
    endReason: text('end_reason'),
  },
  (t) => [index('app_sessions_user_idx').on(t.userId)],
);
