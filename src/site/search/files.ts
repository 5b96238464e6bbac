/** Files the search integration writes and the search page reads. */
import { siteDataPath } from '../../urls/site.ts';

/** The spelling vocabulary (src/site/search/spelling.ts), fetched only when a search finds nothing. */
export const SPELLING_FILE_PATH = siteDataPath('spelling.json');
