#!/usr/bin/env node
// e2e.js — `sitrep serve` end to end in headless Chromium, the way an analyst
// uses it: search from the dashboard's box, open the first hit, follow a
// highlighted actor to its timeline; open the latest bulletin, the archive and
// a week from it; fetch the Atom feed and the JSON search API.
//
//   node tests/browser/e2e.js BASE_URL OUT_DIR
//
// Prints one TAP-like line per step ("ok - e2e: ..." / "not ok - e2e: ...:
// why") and a last one for what the browser saw going wrong on any page:
// console errors, uncaught exceptions, Content-Security-Policy violations,
// sub-resources answered with a status >= 400 or not loaded at all. A full-
// page screenshot of each step goes to OUT_DIR/e2e-NN-name.png. Exits 1 when
// any step failed, 2 when the browser could not start.
'use strict';

const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const [base0, outDir] = process.argv.slice(2);
if (!base0 || !outDir) {
	console.error('usage: node e2e.js BASE_URL OUT_DIR');
	process.exit(2);
}
const base = base0.replace(/\/+$/, '');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
fs.mkdirSync(outDir, { recursive: true });

let failed = 0;
function ok(name) { console.log(`ok - e2e: ${name}`); }
function notOk(name, why) {
	failed++;
	console.log(`not ok - e2e: ${name}: ${String(why).split('\n')[0]}`);
}

// Everything the browser reports as going wrong, on any page.
const problems = [];
function watch(page) {
	page.on('console', (m) => {
		const where = (m.location() && m.location().url) || page.url();
		if (m.type() === 'error')
			problems.push(`console error on ${page.url()}: ${m.text()} [${where}]`);
		else if (/Content.Security.Policy/i.test(m.text()))
			problems.push(`CSP on ${page.url()}: ${m.text()}`);
	});
	page.on('pageerror', (e) => problems.push(`uncaught exception on ${page.url()}: ${e.message}`));
	page.on('response', (r) => {
		// the pages themselves are checked by the steps; here their sub-resources
		if (r.status() >= 400 && r.request().resourceType() !== 'document')
			problems.push(`${r.status()} for ${r.url()} (${r.request().resourceType()})`);
	});
	page.on('requestfailed', (r) => {
		problems.push(`request failed: ${r.url()} (${(r.failure() || {}).errorText})`);
	});
}
// CSP violations as the page sees them (a console message is not promised).
const cspProbe = () => {
	window.__csp = [];
	document.addEventListener('securitypolicyviolation', (e) => {
		window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`);
	});
};
async function collectCsp(page) {
	try {
		const v = await page.evaluate(() => window.__csp || []);
		for (const x of v) problems.push(`CSP violation on ${page.url()}: ${x}`);
	} catch (_) { /* the page is gone; its console messages still count */ }
}

let shotNo = 0;
async function shot(page, name) {
	const file = path.join(outDir, `e2e-${String(++shotNo).padStart(2, '0')}-${name}.png`);
	await page.screenshot({ path: file, fullPage: true });
	return file;
}

// step NAME FN: FN throws (or returns a string) to fail; later steps that
// need what it found see null.
async function step(name, fn) {
	try {
		const r = await fn();
		if (typeof r === 'string') { notOk(name, r); return null; }
		ok(name);
		return r === undefined ? true : r;
	} catch (e) {
		notOk(name, e && e.message ? e.message : e);
		return null;
	}
}

async function expectPage(page, resp, what) {
	if (!resp) throw new Error(`no response for ${what}`);
	if (resp.status() !== 200) throw new Error(`${what}: HTTP ${resp.status()} at ${page.url()}`);
	await collectCsp(page);
}

(async () => {
	let browser;
	try {
		browser = await chromium.launch({
			executablePath: chromiumPath,
			args: ['--no-sandbox', '--disable-dev-shm-usage'],
		});
	} catch (e) {
		console.log(`not ok - e2e: Chromium starts: ${String(e.message).split('\n')[0]}`);
		process.exit(2);
	}
	const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
	context.setDefaultTimeout(15000);
	await context.addInitScript(cspProbe);
	const page = await context.newPage();
	watch(page);

	// 1. the dashboard
	const dash = await step('dashboard loads', async () => {
		const r = await page.goto(`${base}/`);
		await expectPage(page, r, 'the dashboard');
		if (!/sitrep/i.test(await page.title())) return `title "${await page.title()}" does not name sitrep`;
		await shot(page, 'dashboard');
	});

	// 2. type a query into the dashboard's search box and submit it, like a person
	const results = dash && await step('search "Union Shield" from the dashboard\'s box', async () => {
		const box = page.locator('form[role="search"] input[name="q"], header input[name="q"]').first();
		await box.click();
		await box.pressSequentially('Union Shield', { delay: 20 });
		const [r] = await Promise.all([page.waitForNavigation(), box.press('Enter')]);
		await expectPage(page, r, 'the search');
		const u = new URL(page.url());
		if (u.pathname !== '/search' || u.searchParams.get('q') !== 'Union Shield')
			return `landed on ${page.url()}`;
		const hits = page.locator('main a[href^="/article/"]');
		const n = await hits.count();
		if (n < 1) return 'no article links among the results';
		await shot(page, 'search');
		return hits;
	});

	// 3. the first result's article
	const article = results && await step('open the first result', async () => {
		const first = results.first();
		const title = (await first.innerText()).trim();
		const [r] = await Promise.all([page.waitForNavigation(), first.click()]);
		await expectPage(page, r, 'the article');
		if (!/^\/article\/\d+$/.test(new URL(page.url()).pathname)) return `landed on ${page.url()}`;
		const h1 = (await page.locator('main h1').first().innerText()).trim();
		if (h1 !== title) return `heading "${h1}" is not the result's title "${title}"`;
		if (!/Union Shield/i.test(await page.locator('main').innerText()))
			return 'the article does not mention Union Shield';
		await shot(page, 'article');
		return true;
	});

	// 4. a highlighted actor in its text (not the legend's samples)
	const actor = article && await step('the article highlights an actor or a person', async () => {
		const sel = 'main :is(span.actor, span.person):not(.legend *)';
		const all = page.locator(sel);
		const n = await all.count();
		if (n < 1) return 'no span.actor or span.person in the article';
		const linked = page.locator(`${sel} a[href^="/timeline?"]`);
		if ((await linked.count()) < 1) return `${n} highlighted, none links to a timeline`;
		const a = linked.first();
		if (!(await a.isVisible())) return 'the first linked actor is not visible';
		return a;
	});

	// 5. click it: its timeline, with entries
	if (actor) await step('click the actor: a timeline with entries', async () => {
		const name = (await actor.innerText()).trim();
		const href = await actor.getAttribute('href');
		const [r] = await Promise.all([page.waitForNavigation(), actor.click()]);
		await expectPage(page, r, 'the timeline');
		const u = new URL(page.url());
		if (u.pathname !== '/timeline' || !(u.searchParams.get('actor') || u.searchParams.get('topic')))
			return `"${name}" (${href}) led to ${page.url()}`;
		const entries = await page.locator('main :is(ol, ul):not(nav *) > li, main tbody > tr').count();
		if (entries < 1) return `the timeline of "${name}" lists no entries`;
		await shot(page, 'timeline');
	});

	// 6. the latest bulletin, from the dashboard
	const bulletin = dash && await step('open the latest bulletin from the dashboard', async () => {
		let r = await page.goto(`${base}/`);
		await expectPage(page, r, 'the dashboard');
		const link = page.locator('main a[href^="/bulletin/"]').first();
		if ((await link.count()) < 1) return 'the dashboard links to no bulletin';
		[r] = await Promise.all([page.waitForNavigation(), link.click()]);
		await expectPage(page, r, 'the bulletin');
		const m = /^\/bulletin\/(\d{4}-W\d{2})$/.exec(new URL(page.url()).pathname);
		if (!m) return `landed on ${page.url()}`;
		if ((await page.locator('main h1, main h2').count()) < 1) return 'the bulletin has no heading';
		await shot(page, 'bulletin-latest');
		return { week: m[1] };
	});

	// 7. the archive, by its link ("all weeks", or the navigation's "Bulletins")
	const archive = bulletin && await step('open the bulletin archive from the bulletin', async () => {
		let link = page.locator('main a[href="/bulletins"]').first();
		if ((await link.count()) < 1) link = page.locator('nav a[href="/bulletins"]').first();
		if ((await link.count()) < 1) return 'no link to /bulletins';
		const [r] = await Promise.all([page.waitForNavigation(), link.click()]);
		await expectPage(page, r, 'the archive');
		if (new URL(page.url()).pathname !== '/bulletins') return `landed on ${page.url()}`;
		const weeks = page.locator('main a[href^="/bulletin/"]');
		const n = await weeks.count();
		if (n < 1) return 'the archive lists no weeks';
		const hrefs = await weeks.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
		if (!hrefs.includes(`/bulletin/${bulletin.week}`)) return `the latest week ${bulletin.week} is not in the archive`;
		await shot(page, 'bulletins');
		return { weeks, hrefs };
	});

	// 8. an older week from the archive
	if (archive) await step('open an older week from the archive', async () => {
		const older = archive.hrefs.findIndex((h) => !h.startsWith(`/bulletin/${bulletin.week}`));
		const link = archive.weeks.nth(older >= 0 ? older : 0);
		const href = await link.getAttribute('href');
		const [r] = await Promise.all([page.waitForNavigation(), link.click()]);
		await expectPage(page, r, `the week ${href}`);
		if (new URL(page.url()).pathname !== href.split('#')[0]) return `${href} led to ${page.url()}`;
		if ((await page.locator('main h1, main h2').count()) < 1) return 'the week has no heading';
		await shot(page, 'bulletin-week');
	});

	// 9. the Atom feed parses, with entries
	await step('/feed.atom is Atom XML with entries', async () => {
		const r = await page.request.get(`${base}/feed.atom`);
		if (r.status() !== 200) return `HTTP ${r.status()}`;
		const type = r.headers()['content-type'] || '';
		if (!/xml/.test(type)) return `Content-Type ${type}`;
		const text = await r.text();
		const res = await page.evaluate((t) => {
			const d = new DOMParser().parseFromString(t, 'application/xml');
			if (d.getElementsByTagName('parsererror').length) return { err: d.getElementsByTagName('parsererror')[0].textContent };
			const root = d.documentElement;
			return {
				root: root.localName, ns: root.namespaceURI,
				entries: root.getElementsByTagNameNS('http://www.w3.org/2005/Atom', 'entry').length,
			};
		}, text);
		if (res.err) return `not well-formed: ${res.err}`;
		if (res.root !== 'feed' || res.ns !== 'http://www.w3.org/2005/Atom') return `root <${res.root}> in ${res.ns}`;
		if (res.entries < 1) return 'no <entry>';
	});

	// 10. the JSON search API parses and finds the exercise
	await step('/api/v1/search?q=Union+Shield is JSON with hits', async () => {
		const r = await page.request.get(`${base}/api/v1/search?q=Union+Shield`);
		if (r.status() !== 200) return `HTTP ${r.status()}`;
		const type = r.headers()['content-type'] || '';
		if (!/^application\/json/.test(type)) return `Content-Type ${type}`;
		const j = JSON.parse(await r.text());
		const items = Array.isArray(j) ? j : (j.items || j.results || j.hits);
		if (!Array.isArray(items) || items.length < 1) return 'no items';
		if (!/Union Shield/i.test(JSON.stringify(items))) return 'the items do not mention Union Shield';
	});

	await collectCsp(page);
	await browser.close();
	if (problems.length) {
		notOk('no console errors, exceptions, CSP violations or failed sub-resources', `${problems.length}: ${problems.slice(0, 5).join(' | ')}`);
		for (const p of problems) console.log(`# ${p}`);
	} else {
		ok('no console errors, exceptions, CSP violations or failed sub-resources');
	}
	process.exit(failed ? 1 : 0);
})().catch((e) => {
	console.log(`not ok - e2e: unexpected: ${e && e.stack ? e.stack.split('\n')[0] : e}`);
	process.exit(1);
});
