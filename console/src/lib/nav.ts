/** The console's page URLs: every page has one, so it can be bookmarked and shared. */
export const BASE = '/console';
export const href = (path: string) => `${BASE}${path}`;
