/**
 * Postcode district (outward code) centres for Leeds, for near me without a third-party lookup. The interface is
 * what the page needs: a district's centre, or nothing. No openly licensed table of UK district centroids was found
 * on the npm registry (issue #18), and the example data's own venue coordinates are no substitute (a handful of
 * fictional venues say nothing about where a district's centre is), so the table is empty: a district the table
 * does not hold is looked up on postcodes.io, and without that the page still lists the help covering the district
 * and the city, by name. Fill DISTRICT_CENTRES from an open table (e.g. one derived from the ONS Postcode Directory,
 * OGL) and the page uses it with no other change.
 */
export interface DistrictCentre {
  latitude: number;
  longitude: number;
}

/** Outward code ("LS7") to its centre. */
export const DISTRICT_CENTRES: ReadonlyMap<string, DistrictCentre> = new Map();

export function districtCentre(outcode: string, table: ReadonlyMap<string, DistrictCentre> = DISTRICT_CENTRES): DistrictCentre | undefined {
  return table.get(outcode.toUpperCase());
}
