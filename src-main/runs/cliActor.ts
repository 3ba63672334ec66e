/** The audit actor for commands that need no sign-in (training, bundling, evaluation): the operating-system user. */
import os from 'node:os';

export function cliActor(): string {
  try {
    return `os:${os.userInfo().username}`;
  } catch {
    // Containers without a passwd entry for the uid: name the uid rather than invent a user.
    return `os:uid-${process.getuid?.() ?? 'unknown'}`;
  }
}
