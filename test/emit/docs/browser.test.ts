/// <reference lib="dom" />
// Opens the generated HTML reference in headless Chromium (Debian's
// `chromium` package, driven by playwright-core; no browser is ever
// downloaded) for our qapi/ schema and for QEMU 10.0's full schema, and
// checks what a reader would notice: console errors, internal links that
// lead nowhere, a search box that does not filter.  Each run takes a
// screenshot ($QAPI_TS_ARTIFACTS, default <tmpdir>/qapi-ts-artifacts) and checks it is a real PNG.
//
// Needs /usr/bin/chromium (`apt-get install -y chromium`).  Without it the
// test FAILS, saying so, unless QAPI_TS_NO_BROWSER=1 is set, which reports
// the tests as skipped instead.

import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDocs, OURS, QEMU10 } from "./helpers.js";

const CHROMIUM = "/usr/bin/chromium";
const NO_BROWSER = process.env.QAPI_TS_NO_BROWSER === "1";
// Screenshots stay outside the repository unless asked for elsewhere.
const ARTIFACTS = process.env.QAPI_TS_ARTIFACTS ?? join(tmpdir(), "qapi-ts-artifacts");

const schemas = [
  { label: "qapi", path: OURS, legacy: true, search: "job-pause" },
  { label: "qemu-10.0", path: QEMU10, legacy: false, search: "blockdev-add" },
];

describe.skipIf(NO_BROWSER)("HTML reference in headless Chromium", () => {
  let browser: BrowserContext;
  let profile: string;
  const work = mkdtempSync(join(tmpdir(), "qapi-docs-browser-"));

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium), ` +
          "or set QAPI_TS_NO_BROWSER=1 to skip the browser tests",
      );
    }
    profile = mkdtempSync(join(tmpdir(), "qapi-docs-profile-"));
    // A persistent context is playwright's way to give Chromium a fresh
    // --user-data-dir of our choosing.
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      viewport: { width: 1280, height: 900 },
      headless: true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  for (const s of schemas) {
    it(`${s.label}: no console errors, no broken links, search filters, screenshot`, async () => {
      if (!existsSync(s.path)) throw new Error(`missing schema ${s.path}`);
      const html = generateDocs(s.path, { legacy: s.legacy }).out.get("docs/index.html")!;
      const file = join(work, `${s.label}.html`);
      writeFileSync(file, html);

      const page = await browser.newPage();
      const problems: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`);
      });
      page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
      // The page must not load anything: no CDN, no fonts, nothing.
      const requests: string[] = [];
      page.on("request", (r) => {
        if (r.url() !== pathToFileURL(file).href) requests.push(r.url());
      });
      await page.goto(pathToFileURL(file).href, { waitUntil: "load" });

      const broken = await page.evaluate(() =>
        Array.from(document.querySelectorAll('a[href^="#"]'))
          .map((a) => decodeURIComponent(a.getAttribute("href")!.slice(1)))
          .filter((id) => document.getElementById(id) === null),
      );
      expect(broken).toEqual([]);
      const linkCount = await page.locator('a[href^="#"]').count();
      expect(linkCount).toBeGreaterThan(20);

      // Every definition listed, then filtered down by the search box.
      const entries = page.locator("#toc li[data-search]");
      const total = await entries.count();
      expect(total).toBeGreaterThan(10);
      const visible = () => page.locator("#toc li[data-search]:not([hidden])").count();
      expect(await visible()).toBe(total);
      await page.fill("#search", s.search);
      const shown = await visible();
      expect(shown).toBeGreaterThanOrEqual(1);
      expect(shown).toBeLessThan(total);
      const names = await page.locator("#toc li[data-search]:not([hidden]) > a").allTextContents();
      expect(names).toContain(s.search);
      expect(await page.textContent("#search-count")).toMatch(/^\d+ match(es)?$/u);
      await page.fill("#search", "no-such-definition-anywhere");
      expect(await visible()).toBe(0);
      await page.fill("#search", "");
      expect(await visible()).toBe(total);

      // Following a cross-link lands on the definition's section.
      await page.click(`#toc a[href="#def-${s.search}"]`);
      expect(await page.evaluate(() => location.hash)).toBe(`#def-${s.search}`);
      const top = await page.evaluate((id) => document.getElementById(id)!.getBoundingClientRect().top, `def-${s.search}`);
      expect(top).toBeGreaterThanOrEqual(0);
      expect(top).toBeLessThan(120);

      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, `docs-${s.label}-${s.search}.png`) });
      const shot = join(ARTIFACTS, `docs-${s.label}.png`);
      await page.evaluate(() => {
        window.scrollTo(0, 0);
        document.getElementById("toc")!.scrollTop = 0;
      });
      await page.fill("#search", "");
      await page.screenshot({ path: shot });
      console.log(`screenshot: ${shot}`);
      const png = readFileSync(shot);
      expect(png.length).toBeGreaterThan(10_000);
      expect(png.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");

      expect(problems).toEqual([]);
      expect(requests).toEqual([]);
      await page.close();
    }, 120_000);
  }
});

// vitest reports a skipped suite; say why in the output too.
if (NO_BROWSER) {
  describe("HTML reference in headless Chromium", () => {
    it.skip("skipped: QAPI_TS_NO_BROWSER=1", () => {});
  });
}
