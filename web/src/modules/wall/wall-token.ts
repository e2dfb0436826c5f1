// Where a wall display keeps its token. The link an admin hands out carries it in the fragment
// (`/wall#token=...`), which browsers never send to a server or put in a Referer. The page moves it to
// localStorage, so a reload or a restarted kiosk browser keeps it, and takes it out of the address bar.
export const WALL_TOKEN_KEY = 'wsnoc.wall.token';

export interface TokenPlace {
  location: Pick<Location, 'hash' | 'pathname' | 'search'>;
  history: Pick<History, 'replaceState'>;
  storage: Pick<Storage, 'getItem' | 'setItem'>;
}

/** The display's token: a new one from the fragment (stored, then removed from the URL), or the stored one. */
export function takeWallToken(place: TokenPlace): string | null {
  const fragment = new URLSearchParams(place.location.hash.replace(/^#/, ''));
  const fresh = fragment.get('token');
  if (fresh) {
    try {
      place.storage.setItem(WALL_TOKEN_KEY, fresh);
    } catch {
      // Storage refused (a private window): the token still works for this page's life.
    }
    place.history.replaceState(null, '', `${place.location.pathname}${place.location.search}`);
    return fresh;
  }
  try {
    return place.storage.getItem(WALL_TOKEN_KEY);
  } catch {
    return null;
  }
}
