/**
 * Cloudflare's paged listings (`?page=N&per_page=100`): every page is fetched, and paging stops on the last page
 * announced by `result_info.total_pages` (no extra request) or on an empty page.
 */
import { expectArray, invalid } from "./answers";
import type { Transport } from "./http";

/** Page size used by `OriginCloudRegionsApi.list` (Cloudflare's maximum). */
export const LIST_PAGE_SIZE = 100;
/** Safety stop for a server that never signals the last page (3,500 mappings fit in 35 pages). */
const MAX_LIST_PAGES = 1000;

/** Every item of the listing at `path`, page after page; `what` names the items in an error. */
export async function everyPage<T>(transport: Transport, path: string, what: string): Promise<T[]> {
  const all: T[] = [];
  for (let page = 1; ; page++) {
    const res = await transport.request<T[]>({ method: "GET", path, query: { page, per_page: LIST_PAGE_SIZE } });
    const items = expectArray(res, what);
    if (items.length === 0) break;
    all.push(...items);
    const totalPages = res.resultInfo?.total_pages;
    if (typeof totalPages === "number" && page >= totalPages) break;
    if (page >= MAX_LIST_PAGES) {
      throw invalid(res, `still not at the last page after ${MAX_LIST_PAGES} pages`);
    }
  }
  return all;
}
