/** The worklist's page keys (anywhere on the page except in a text field), listed once for the handler and the help overlay. */
export const worklistShortcuts: ReadonlyArray<readonly [key: string, action: string]> = [
  ['N', 'Open the next study to read (in the order shown)'],
  ['J / K', 'Open the next / previous study in the list'],
  ['V', 'Move to the image viewer'],
  ['E', 'Move to the reading form'],
  ['/', 'Search the worklist'],
  ['?', 'Show or hide this help'],
  ['Esc', 'Close this help'],
];
