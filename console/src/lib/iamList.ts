import { useLocation } from 'preact-iso';
import { useMarkers } from './paging.js';
import { useAws } from './useAws.js';

/** One page of an IAM list (Marker/IsTruncated). */
export interface IamPage<T> {
  readonly items: readonly T[];
  readonly marker?: string | undefined;
}

/** How many rows a list page shows. */
export const PAGE_SIZE = 25;

/**
 * A server-side paged, server-side filtered IAM list: the filter (IAM's `PathPrefix`) lives in the
 * URL's query, so a filtered list can be bookmarked; the markers of the pages seen stay in memory.
 */
export function useIamList<T>(fetchPage: (marker: string | undefined, pathPrefix: string | undefined) => Promise<IamPage<T>>) {
  const location = useLocation();
  const pathPrefix = location.query['path'] || undefined;
  const markers = useMarkers();
  const loaded = useAws(() => fetchPage(markers.marker, pathPrefix), [markers.marker, pathPrefix]);
  return {
    ...loaded,
    pathPrefix,
    page: markers.page,
    next: () => markers.next(loaded.data?.marker),
    prev: markers.prev,
    setPathPrefix: (value: string) => {
      markers.reset();
      const query = value === '' ? '' : `?path=${encodeURIComponent(value)}`;
      location.route(`${location.path}${query}`, true);
    },
  };
}
