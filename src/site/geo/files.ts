/** The near-me file's address (written by src/pages/site/places.json.ts). */
import { siteDataPath } from '../../urls/site.ts';

export const PLACES_FILE_PATH = siteDataPath('places.json');
