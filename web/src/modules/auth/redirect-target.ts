// Where to go after sign-in. Only same-origin paths are accepted so a crafted link cannot bounce a user
// to another site with a freshly signed-in session (open redirect).
export const DEFAULT_LANDING = '/overview';
export const LOGIN_PATH = '/login';
const NEXT_PARAM = 'next';

export function loginPathFor(wanted: string): string {
  if (wanted === '/' || wanted === DEFAULT_LANDING) {
    return LOGIN_PATH;
  }
  return `${LOGIN_PATH}?${new URLSearchParams({ [NEXT_PARAM]: wanted }).toString()}`;
}

export function readRedirectTarget(search: string): string {
  const next = new URLSearchParams(search).get(NEXT_PARAM);
  if (
    next === null ||
    !next.startsWith('/') ||
    next.startsWith('//') ||
    next.startsWith('/\\') ||
    next.startsWith(LOGIN_PATH)
  ) {
    return DEFAULT_LANDING;
  }
  return next;
}
