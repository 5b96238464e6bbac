import { expect, test } from 'vitest';
import { absoluteUrl, listingPath, locationPath, organisationPath, recordJsonPath, sitePath, sourceFileUrl, termPath } from '../../src/urls/site.ts';
import { validateWith } from '../support/data.ts';

test('one place decides every address', () => {
  const { dataset } = validateWith();
  const config = dataset!.config;
  const listing = dataset!.listing('chapeltown-carers/carers-drop-in')!;
  expect(listingPath(listing)).toBe('/services/chapeltown-carers/carers-drop-in/');
  expect(listingPath(dataset!.listing('chapeltown-carers/carers-guide')!)).toBe('/resources/chapeltown-carers/carers-guide/');
  expect(organisationPath('chapeltown-carers')).toBe('/organisations/chapeltown-carers/');
  expect(locationPath('chapeltown-community-hub')).toBe('/locations/chapeltown-community-hub/');
  expect(termPath('area', 'ward/chapel-allerton')).toBe('/areas/ward/chapel-allerton/');
  expect(termPath('audience', 'carers')).toBe('/for/carers/');
  expect(recordJsonPath(listing.id)).toBe(`/feeds/v1/listings/${listing.id}.json`);
  expect(sitePath(config, '/services/')).toBe('/loop/services/');
  expect(absoluteUrl(config, '/services/a/b/')).toBe('https://loop-leeds.github.io/loop/services/a/b/');
  expect(sourceFileUrl(config, listing.file)).toBe('https://github.com/loop-leeds/loop/blob/main/data/services/chapeltown-carers/carers-drop-in.yaml');
});
