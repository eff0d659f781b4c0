#!/usr/bin/env node
// hostile.js — `sitrep serve` over a store of hostile articles
// (tests/fixtures/web/hostile.jsonl: markup, event handlers, javascript:
// URLs, SQL fragments and path traversal in titles, bodies, bylines, URLs and
// sections), and hostile query parameters on every page and API route.
//
//   node tests/browser/hostile.js BASE_URL OUT_DIR
//
// The store is ingested by the caller (tests/cli/test_web.sh). In headless
// Chromium, with window.alert/confirm/prompt replaced by counters before any
// page script runs and dialogs counted, it visits the dashboard, a search for
// each hostile string, every article, events, timelines, bulletins and the
// feed with hostile parameters, and asserts per page: nothing ran (no
// counter moved, no dialog), the CSP had nothing to block, the DOM holds no
// injected element (inline script, on* attribute, javascript: link, iframe,
// object, embed), the raw body holds no unescaped payload, no page shows SQL
// or store error text, no hostile input gets a 5xx. API routes are fetched
// with the same parameters: JSON that parses, no 5xx, no SQL text. Then raw
// HTTP requests try to climb out of /static/ and must get 400/404, never a
// file. Prints TAP-like lines; exits 1 on any failure, 2 if Chromium cannot
// start. Screenshots: OUT_DIR/hostile-*.png.
'use strict';

const fs = require('fs');
const http = require('http');
const path = require('path');
const { chromium } = require('playwright-core');

const [base0, outDir] = process.argv.slice(2);
if (!base0 || !outDir) {
	console.error('usage: node hostile.js BASE_URL OUT_DIR');
	process.exit(2);
}
const base = base0.replace(/\/+$/, '');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
fs.mkdirSync(outDir, { recursive: true });

const fixture = path.join(__dirname, '..', 'fixtures', 'web', 'hostile.jsonl');
const nArticles = fs.readFileSync(fixture, 'utf8').split('\n').filter((l) => l.trim()).length;

// The strings the fixture carries, and a few more for parameters.
const HOSTILE = [
	'<script>alert(1)</script>',
	'"><img src=x onerror=alert(1)>',
	"'onmouseover='alert(1)",
	'javascript:alert(1)',
	'</title><script>alert(1)</script>',
	'<svg onload=alert(1)>',
	"' OR 1=1 --",
	'"; DROP TABLE documents; --',
	'../../etc/passwd',
	'%00%27"\\',
	'Belarus" OR "1"="1',
	'*) OR (1',
	'NEAR(a b',
	'\u202e\u0000\ud7ff',
];
// Unescaped payloads: with "<" they can only be there if markup got through.
const RAW = [/<script>alert/i, /<img src=x onerror/i, /<svg[ /]onload/i, /<iframe src=javascript/i,
	/<a href="?javascript:/i, /<\/title><script/i];
// Store or SQL error text a page must not show.
const SQLTEXT = [/SQL/, /syntax error/i, /sqlite/i, /no such (table|column)/i, /unrecognized token/i, /fts5/i];

let failed = 0;
let checks = 0;
const notes = [];
function ok(name) { checks++; console.log(`ok - hostile: ${name}`); }
function notOk(name, why) {
	checks++;
	failed++;
	console.log(`not ok - hostile: ${name}: ${String(why).split('\n')[0]}`);
}

// The init script: count every way a dialog could be raised, and CSP
// violations (inline script or handler that the policy had to stop).
const probe = () => {
	const bump = () => { window.__pwned = (window.__pwned || 0) + 1; };
	window.alert = bump;
	window.confirm = () => { bump(); return false; };
	window.prompt = () => { bump(); return null; };
	window.__csp = [];
	document.addEventListener('securitypolicyviolation', (e) => {
		window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`);
	});
};

// What the DOM must not hold: every element and attribute is looked at.
const domScan = () => {
	const bad = [];
	for (const el of document.querySelectorAll('*')) {
		const tag = el.localName;
		if (tag === 'script' && !el.getAttribute('src')) bad.push('inline <script>');
		if (tag === 'script' && el.getAttribute('src') && !/^\/static\//.test(el.getAttribute('src')))
			bad.push(`<script src=${el.getAttribute('src')}>`);
		if (['iframe', 'object', 'embed', 'frame', 'base', 'meta'].includes(tag) &&
		    !(tag === 'meta' && (el.hasAttribute('charset') || el.getAttribute('name') === 'viewport')))
			bad.push(`<${tag}>`);
		if (tag === 'img' && el.closest('main') && /^x?$/.test(el.getAttribute('src') || '')) bad.push('injected <img>');
		for (const a of el.attributes) {
			if (/^on/i.test(a.name)) bad.push(`${tag}[${a.name}=${a.value.slice(0, 30)}]`);
			if (/^(href|src|action|formaction|xlink:href|data)$/i.test(a.name) &&
			    /^\s*(javascript|vbscript|data:text\/html)/i.test(a.value.replace(/[\u0000-\u001f]/g, '')))
				bad.push(`${tag}[${a.name}=${a.value.slice(0, 30)}]`);
		}
	}
	return bad;
};

const dialogs = [];
const pageProblems = [];

async function visit(page, url, { expect = 'ok', shotName = null } = {}) {
	let resp;
	try {
		resp = await page.goto(base + url, { waitUntil: 'load' });
	} catch (e) {
		group.n++;
		group.bad.push(`${url}: did not load: ${e.message}`);
		return null;
	}
	const status = resp ? resp.status() : 0;
	const body = resp ? await resp.text() : '';
	const why = [];
	if (status >= 500 || status === 0) why.push(`HTTP ${status}`);
	if (expect === 'ok' && status !== 200) why.push(`HTTP ${status}, expected 200`);
	for (const re of RAW) if (re.test(body)) why.push(`raw ${re.source} in the body`);
	const text = await page.evaluate(() => document.body ? document.body.innerText : '');
	for (const re of SQLTEXT) if (re.test(text)) why.push(`store error text (${re.source}) on the page`);
	const bad = await page.evaluate(domScan);
	if (bad.length) why.push(`injected: ${bad.slice(0, 4).join(', ')}`);
	// hover over everything in the main part: an injected onmouseover would fire
	await page.evaluate(() => {
		for (const el of document.querySelectorAll('main *'))
			el.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
	});
	const st = await page.evaluate(() => ({ pwned: window.__pwned || 0, csp: window.__csp || [] }));
	if (st.pwned) why.push(`${st.pwned} script execution(s)`);
	if (st.csp.length) why.push(`CSP had to block: ${st.csp.slice(0, 3).join('; ')}`);
	if (shotName) {
		const file = path.join(outDir, `hostile-${shotName}.png`);
		await page.screenshot({ path: file, fullPage: true });
	}
	group.n++;
	if (why.length) group.bad.push(`${url}: ${why.join('; ')}`);
	return { status, body, page };
}

// Pages are checked in groups, one TAP line each, naming every page that failed.
let group = { n: 0, bad: [] };
function begin() { group = { n: 0, bad: [] }; }
function end(name) {
	if (group.bad.length) {
		notOk(`${name} (${group.n} pages)`, `${group.bad.length} bad; first: ${group.bad[0]}`);
		for (const b of group.bad.slice(0, 20)) console.log(`# ${b}`);
	} else {
		ok(`${name}: ${group.n} pages, nothing ran, nothing injected, no store error text, no 5xx`);
	}
}

// Raw HTTP: the path goes out exactly as written (no URL normalisation).
function raw(pathname) {
	const u = new URL(base);
	return new Promise((resolve) => {
		const req = http.request({ host: u.hostname, port: u.port, path: pathname, method: 'GET' }, (res) => {
			let b = '';
			res.setEncoding('latin1');
			res.on('data', (c) => { if (b.length < 1 << 20) b += c; });
			res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: b }));
		});
		req.on('error', (e) => resolve({ status: 0, headers: {}, body: '', error: e.message }));
		req.setTimeout(10000, () => req.destroy(new Error('timeout')));
		req.end();
	});
}

const enc = encodeURIComponent;

(async () => {
	let browser;
	try {
		browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
	} catch (e) {
		console.log(`not ok - hostile: Chromium starts: ${String(e.message).split('\n')[0]}`);
		process.exit(2);
	}
	const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
	context.setDefaultTimeout(15000);
	await context.addInitScript(probe);
	const page = await context.newPage();
	page.on('dialog', async (d) => { dialogs.push(`${d.type()} "${d.message()}" on ${page.url()}`); await d.dismiss().catch(() => {}); });
	page.on('pageerror', (e) => pageProblems.push(`uncaught exception on ${page.url()}: ${e.message}`));
	page.on('console', (m) => {
		// the page's own 400/404 (asked for) and the favicon (e2e.js reports it) are not news
		const where = (m.location() || {}).url || '';
		if (m.type() === 'error' && !/favicon\.ico$/.test(where) &&
		    !(where === page.url() && /^Failed to load resource/.test(m.text())))
			pageProblems.push(`console error on ${page.url()}: ${m.text()} [${where}]`);
	});

	// the dashboard, and a search for each hostile string (one typed into the box)
	begin();
	await visit(page, '/', { shotName: 'dashboard' });
	end('dashboard');
	try {
		const box = page.locator('form[role="search"] input[name="q"], header input[name="q"]').first();
		await box.fill(HOSTILE[1]);
		await Promise.all([page.waitForNavigation(), box.press('Enter')]);
		const st = await page.evaluate(() => ({ pwned: window.__pwned || 0, csp: window.__csp || [] }));
		const val = await page.locator('form[role="search"] input[name="q"], header input[name="q"]').first().inputValue();
		if (st.pwned || st.csp.length) notOk('typed hostile search', `${st.pwned} executions, CSP ${st.csp.join('; ')}`);
		else if (val !== HOSTILE[1]) notOk('typed hostile search', `the box holds "${val}", not the query as typed`);
		else ok('typed hostile search: nothing runs, the box gives the query back as text');
	} catch (e) {
		notOk('typed hostile search', e.message);
	}
	begin();
	let i = 0;
	for (const h of HOSTILE)
		await visit(page, `/search?q=${enc(h)}`, { expect: 'any', shotName: i++ === 0 ? 'search' : null });
	for (const h of ['Belarus', 'alert', 'script', 'onerror', 'passwd', 'DROP', 'Union Shield'])
		await visit(page, `/search?q=${enc(h)}&publication=${enc(HOSTILE[0])}&section=${enc(HOSTILE[1])}`, { expect: 'any' });
	await visit(page, `/search?q=alert&from=${enc(HOSTILE[6])}&to=${enc(HOSTILE[2])}&page=${enc(HOSTILE[7])}`, { expect: 'any' });
	end('search for hostile strings and with hostile filters');

	// every article, found by search and by id
	const ids = new Set();
	for (let k = 1; k <= nArticles; k++) ids.add(String(k));
	begin();
	const r = await visit(page, '/search?q=Belarus');
	if (r) {
		const found = await page.locator('main a[href^="/article/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href').replace(/^\/article\/(\d+).*/, '$1')));
		for (const f of found) ids.add(f);
		if (found.length < Math.min(nArticles, 10)) notOk('search finds the hostile articles', `${found.length} of ${nArticles}`);
		else ok(`search finds the hostile articles (${found.length})`);
	}
	let shots = 0;
	for (const id of [...ids].sort((a, b) => a - b)) {
		const v = await visit(page, `/article/${id}`, { shotName: shots < 2 && (id === '1' || id === '2') ? `article-${id}` : null });
		if (v && (id === '1' || id === '2')) shots++;
		if (v && v.status === 200) {
			// the hostile text is shown as text: the reader sees what the source wrote
			const txt = await page.evaluate(() => document.querySelector('main').innerText);
			if (!/alert\(1\)|OR 1=1|DROP TABLE|etc\/passwd/.test(txt))
				notOk(`article ${id} shows its hostile strings as text`, 'none of them is visible');
		}
	}
	for (const h of HOSTILE.slice(0, 4)) await visit(page, `/article/${enc(h)}`, { expect: 'any' });
	end('every hostile article, and hostile article ids');

	// events and timelines with hostile parameters
	begin();
	await visit(page, '/events');
	for (const p of ['actor', 'dyad', 'party', 'sphere', 'topic', 'quad', 'from', 'to', 'page', 'doc', 'directed'])
		for (const h of [HOSTILE[0], HOSTILE[1], HOSTILE[6]])
			await visit(page, `/events?${p}=${enc(h)}`, { expect: 'any' });
	for (const p of ['actor', 'topic'])
		for (const h of HOSTILE)
			await visit(page, `/timeline?${p}=${enc(h)}`, { expect: 'any', shotName: p === 'actor' && h === HOSTILE[0] ? 'timeline' : null });
	await visit(page, '/timeline?actor=BLR');
	await visit(page, '/timeline?actor=RUS');
	end('events and timelines with hostile parameters');

	// bulletins: the archive, every week in it, hostile weeks
	begin();
	const arch = await visit(page, '/bulletins');
	if (arch) {
		const weeks = await page.locator('main a[href^="/bulletin/"]').evaluateAll((as) => [...new Set(as.map((a) => a.getAttribute('href').split('#')[0]))]);
		if (weeks.length < 1) notOk('the archive lists the hostile weeks', 'no week');
		for (const w of weeks) await visit(page, w, { shotName: w === weeks[0] ? 'bulletin' : null });
	}
	for (const h of HOSTILE.slice(0, 9)) await visit(page, `/bulletin/${enc(h)}`, { expect: 'any' });
	end('the bulletin archive, every week in it, hostile weeks');

	// the feed: XML, so markup in a title must be escaped there too
	try {
		const f = await page.request.get(`${base}/feed.atom`);
		const body = await f.text();
		const raws = RAW.filter((re) => re.test(body)).map((re) => re.source);
		if (f.status() !== 200) notOk('/feed.atom', `HTTP ${f.status()}`);
		else if (raws.length) notOk('/feed.atom escapes the hostile titles', `raw ${raws.join(', ')}`);
		else {
			const err = await page.evaluate((t) => {
				const d = new DOMParser().parseFromString(t, 'application/xml');
				const e = d.getElementsByTagName('parsererror')[0];
				return e ? e.textContent : null;
			}, body);
			if (err) notOk('/feed.atom is well-formed with hostile titles', err);
			else ok('/feed.atom is well-formed and escapes the hostile titles');
		}
	} catch (e) {
		notOk('/feed.atom', e.message);
	}

	// the JSON API with hostile parameters
	const apiPaths = [];
	for (const h of HOSTILE) apiPaths.push(`/api/v1/search?q=${enc(h)}`);
	for (const p of ['q', 'publication', 'section', 'actor', 'root', 'topic', 'dyad', 'party', 'sphere', 'by', 'from', 'to', 'limit', 'offset', 'quad', 'doc'])
		for (const h of [HOSTILE[0], HOSTILE[6], HOSTILE[7], HOSTILE[8]])
			for (const route of ['/api/v1/documents', '/api/v1/events', '/api/v1/series', '/api/v1/timeline'])
				apiPaths.push(`${route}?${p}=${enc(h)}`);
	for (let k = 1; k <= nArticles; k++) apiPaths.push(`/api/v1/documents/${k}`);
	for (const h of HOSTILE.slice(0, 9)) {
		apiPaths.push(`/api/v1/documents/${enc(h)}`);
		apiPaths.push(`/api/v1/bulletins/${enc(h)}`);
	}
	apiPaths.push('/api/v1/bulletins', '/api/v1/stats', `/api/v1/trend?actor=${enc(HOSTILE[0])}`, `/api/v1/${enc(HOSTILE[0])}`);
	const apiBad = [];
	let api5xx = 0;
	for (const p of apiPaths) {
		let res;
		try {
			res = await page.request.get(base + p);
		} catch (e) {
			apiBad.push(`${p}: ${e.message}`);
			continue;
		}
		const body = await res.text();
		const type = res.headers()['content-type'] || '';
		const why = [];
		if (res.status() >= 500) { api5xx++; why.push(`HTTP ${res.status()}`); }
		if (!/^application\/json/.test(type)) why.push(`Content-Type ${type}`);
		if ((res.headers()['x-content-type-options'] || '') !== 'nosniff') why.push('no nosniff');
		try { JSON.parse(body); } catch (e) { why.push(`not JSON: ${e.message}`); }
		for (const re of SQLTEXT) if (re.test(body.replace(/"[a-z_]+":/g, ''))) why.push(`store error text (${re.source})`);
		// JSON carries the text as data; "<" must still not reach a browser raw if
		// the answer were ever shown as HTML: nosniff + JSON type keep it data.
		if (why.length) apiBad.push(`${p}: ${why.join('; ')}`);
	}
	if (apiBad.length) {
		notOk(`API with hostile parameters (${apiPaths.length} requests)`, `${apiBad.length} bad, ${api5xx} 5xx; first: ${apiBad[0]}`);
		for (const b of apiBad.slice(0, 30)) console.log(`# ${b}`);
	} else {
		ok(`API with hostile parameters: ${apiPaths.length} requests, all JSON, no 5xx, no store error text`);
	}

	// climbing out of /static/
	const css = await raw('/static/sitrep.css');
	for (const p of ['/static/../../etc/passwd', '/static/%2e%2e/%2e%2e/etc/passwd', '/static/..%2f..%2fetc%2fpasswd',
		'/static/sitrep.css/../../x', '/static/sitrep.css/../../../../etc/passwd', '/../etc/passwd', '//etc/passwd',
		'/static//etc/passwd', '/static/%2fetc%2fpasswd', '/static/....//....//etc/passwd', '/static/sitrep.css%00.js',
		'/%2e%2e/%2e%2e/etc/passwd', '/static/.%2e/.%2e/etc/passwd', '/article/../../etc/passwd']) {
		const res = await raw(p);
		const why = [];
		// a NUL ends the decoded name: "sitrep.css%00.js" may be the asset itself, nothing else
		const same = res.status === 200 && css.status === 200 && res.body === css.body && /%00/.test(p);
		if (res.status !== 404 && res.status !== 400 && !same) why.push(`HTTP ${res.status}${res.error ? ' ' + res.error : ''}`);
		if (/root:x:|root:\*:|daemon:/.test(res.body)) why.push('the body holds /etc/passwd');
		if (why.length) notOk(`GET ${p}`, why.join('; '));
		else ok(`GET ${p} is ${res.status}, no file`);
	}
	if (css.status !== 200) notOk('GET /static/sitrep.css still served', `HTTP ${css.status}`);
	else ok('GET /static/sitrep.css still served');

	await browser.close();
	if (dialogs.length) notOk('no dialog opened', `${dialogs.length}: ${dialogs.slice(0, 3).join(' | ')}`);
	else ok('no dialog opened on any page');
	if (pageProblems.length) {
		notOk('no uncaught exceptions or console errors', `${pageProblems.length}: ${pageProblems[0]}`);
		for (const p of pageProblems.slice(0, 20)) console.log(`# ${p}`);
	} else {
		ok('no uncaught exceptions or console errors');
	}
	console.log(`# hostile: ${checks} checks, ${failed} failed`);
	process.exit(failed ? 1 : 0);
})().catch((e) => {
	console.log(`not ok - hostile: unexpected: ${e && e.stack ? e.stack.split('\n').slice(0, 2).join(' ') : e}`);
	process.exit(1);
});
