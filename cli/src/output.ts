/**
 * Aborted when standard output can take no more: its reader closed the pipe (`| head`), or a write
 * failed (a full disk). A scan then stops where it is, and the process ends by itself: exiting
 * at once from inside the failed write could leave it hung while threads wound down.
 */
export const outputClosed = new AbortController();
