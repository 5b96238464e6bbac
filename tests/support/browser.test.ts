import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { axe, browserEnvironment, chromiumAvailable, launchChromium } from './browser.ts';

// Proves the browser harness itself works, and that axe catches a real violation (so a clean axe run means something).
describe.runIf(chromiumAvailable('browser harness'))('browser harness', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());
  test('axe finds missing alt text and a missing form label, and passes a clean page', async () => {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><html lang="en"><head><title>t</title></head><body><main><img src="x.png"><input type="text"></main></body></html>');
    const ids = (await axe(page)).map((v) => v.id).sort();
    expect(ids).toEqual(['image-alt', 'label']);
    await page.setContent('<!doctype html><html lang="en"><head><title>t</title></head><body><main><h1>Hi</h1><img src="x.png" alt="A cat"><label>Name <input type="text"></label></main></body></html>');
    expect(await axe(page)).toEqual([]);
    await page.close();
  });
});

test('Chromium starts without libfaketime (it keeps the real clock; pages get theirs from Playwright\'s clock)', () => {
  const env = browserEnvironment({ PATH: '/bin', TZ: 'Pacific/Kiritimati', LD_PRELOAD: '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1:/lib/other.so', FAKETIME: '+365d', FAKETIME_DONT_FAKE_MONOTONIC: '1' });
  expect(env).toEqual({ PATH: '/bin', TZ: 'Pacific/Kiritimati', LD_PRELOAD: '/lib/other.so' });
  expect(browserEnvironment({ LD_PRELOAD: '/usr/lib/faketime/libfaketimeMT.so.1' })).toEqual({});
});
