import { ensureSiteBuilt } from '../../scripts/site-build';

/** Builds the site once for all end-to-end tests (only when dist/ is older than its sources). */
export default function setup(): void {
  ensureSiteBuilt((line) => console.log(line));
}
