// A person's phone for the browser tests: the machine's Chromium (/usr/bin/chromium, driven by playwright-core —
// no browser is downloaded), headless, at a small phone's size (360×740 CSS px, touch, 2× pixels). Every page it
// lands on is checked to fit the phone's width: no sideways scrolling, ever.

import { chromium, type Browser, type Page, type Response } from 'playwright-core';
import { onTestFinished } from 'vitest';

/** The Chromium the tests drive; `.ci/run` installs it with apt when it is missing. */
export const CHROMIUM = process.env.ANWEI_CHROMIUM ?? '/usr/bin/chromium';

export const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'zh-CN' } as const;

export async function launchChromium(): Promise<Browser> {
  // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
}

export interface Phone {
  page: Page;
  /** Opens a path of the web (as tapping a link in the email does); returns the HTTP status. */
  open(path: string): Promise<number>;
  /** Taps a link or a button by its exact words and waits for the page it leads to; returns that page's HTTP status. */
  tap(label: string): Promise<number>;
  /** The words of the page, as a person reads them. */
  text(): Promise<string>;
}

/** A phone on `base` (the web server's address), closed when the test ends. */
export async function openPhone(base: string, options: PhoneOptions = {}): Promise<Phone> {
  const browser = await launchChromium();
  onTestFinished(() => browser.close());
  return phoneIn(browser, base, options);
}

export interface PhoneOptions {
  /** false: the page's scripts do not run (the pages must work without any). */
  javaScript?: boolean;
}

/** A phone in a running Chromium (scripts/screenshots.ts keeps one browser for all its pages). */
export async function phoneIn(browser: Browser, base: string, options: PhoneOptions = {}): Promise<Phone> {
  const context = await browser.newContext({ ...PHONE, javaScriptEnabled: options.javaScript ?? true });
  const page = await context.newPage();

  const landed = async (response: Response | null): Promise<number> => {
    if (!response) throw new Error(`no page loaded at ${page.url()}`);
    await fitsThePhone(page);
    return response.status();
  };
  return {
    page,
    open: async (path) => landed(await page.goto(base + path)),
    async tap(label) {
      const target = page.getByRole('link', { name: label, exact: true }).or(page.getByRole('button', { name: label, exact: true }));
      const [response] = await Promise.all([page.waitForNavigation(), target.tap()]);
      return landed(response);
    },
    text: async () => (await page.locator('body').innerText()).replace(/\s+/g, ' '),
  };
}

/** The page is no wider than the phone: nothing sticks out to the right to be scrolled to. */
export async function fitsThePhone(page: Page): Promise<void> {
  // Evaluated in the page (a string: the project's types have no DOM); works with the page's JavaScript off too.
  const { scrollWidth, clientWidth } = await page.evaluate<{ scrollWidth: number; clientWidth: number }>(
    '({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth })',
  );
  if (clientWidth !== PHONE.viewport.width) throw new Error(`${page.url()} is laid out ${clientWidth} px wide, not the phone's ${PHONE.viewport.width}`);
  if (scrollWidth > clientWidth) throw new Error(`${page.url()} scrolls sideways: ${scrollWidth} px of content on a ${clientWidth} px screen`);
}
