import { postcodeDistrict } from '../../model/formats.ts';
import type { Rule } from '../rule.ts';

export const geographyRule: Rule = {
  id: 'geography',
  description: 'Locations have coordinates, inside the area in loop.config.yaml (swapped ones are errors), and LS postcode districts are in the areas vocabulary.',
  check({ dataset, report }) {
    const bounds = dataset.config.area.bounds;
    for (const location of dataset.locations) {
      if (location.location_type === 'physical' && location.latitude === undefined) {
        report(location.file, ['address'], 'no latitude and longitude: this venue will not appear in "near me" searches or on maps', { severity: 'warning' });
      }
      if (bounds && location.latitude !== undefined && location.longitude !== undefined) {
        const { latitude: lat, longitude: lon } = location;
        if (lat < bounds.south || lat > bounds.north || lon < bounds.west || lon > bounds.east) {
          const swapped = lon >= bounds.south && lon <= bounds.north && lat >= bounds.west && lat <= bounds.east;
          report(location.file, ['latitude'], `${lat}, ${lon} is outside ${dataset.config.area.name}`, {
            severity: swapped ? 'error' : 'warning',
            hint: swapped ? 'latitude and longitude look swapped' : 'check the coordinates (latitude first, e.g. 53.8; longitude e.g. -1.55)',
          });
        }
      }
      const district = location.address ? postcodeDistrict(location.address.postal_code) : null;
      if (district && dataset.term('area', `postcode/${district.toLowerCase()}`) === undefined && /^LS\d/.test(district)) {
        report(location.file, ['address', 'postal_code'], `the postcode district ${district} is not in data/taxonomies/areas`, { severity: 'warning' });
      }
    }
  },
};
