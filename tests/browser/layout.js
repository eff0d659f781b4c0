/* layout.js — run inside a page by tests/browser/check-page: finds text boxes
 * that overlap each other and text cut off by its <svg>'s box or the page's
 * width, and writes the finding as JSON into <pre id="layout-report">.
 * Characters <, > and & are written as \u escapes so the dumped DOM holds the
 * JSON verbatim. */
(function () {
	"use strict";
	var report = document.getElementById("layout-report");
	function label(el, text) {
		var t = (text || "").replace(/\s+/g, " ").trim();
		if (t.length > 40) t = t.slice(0, 39) + "\u2026";
		return el.tagName.toLowerCase() + (el.getAttribute("class") ? "." + el.getAttribute("class").replace(/\s+/g, ".") : "") + " \"" + t + "\"";
	}
	function visible(el) {
		var s = window.getComputedStyle(el);
		return s.display !== "none" && s.visibility !== "hidden" && s.opacity !== "0";
	}
	function rect(r) {
		return { l: r.left, t: r.top, r: r.right, b: r.bottom };
	}
	function run() {
		var boxes = [];
		/* SVG text: one box per <text> (its <tspan>s are inside it) */
		Array.prototype.forEach.call(document.querySelectorAll("svg text"), function (el) {
			if (el.closest("title") || !visible(el)) return;
			var r = el.getBoundingClientRect();
			boxes.push({ el: el, box: rect(r), name: label(el, el.textContent), svg: el.ownerSVGElement });
		});
		/* HTML: every non-blank text node outside SVG, one box per line */
		var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, null);
		var node;
		while ((node = walker.nextNode())) {
			var p = node.parentElement;
			if (!p || !/\S/.test(node.nodeValue)) continue;
			if (p.closest("svg, script, style, noscript, title, #layout-report")) continue;
			if (!visible(p)) continue;
			var range = document.createRange();
			range.selectNodeContents(node);
			Array.prototype.forEach.call(range.getClientRects(), function (r) {
				boxes.push({ el: p, box: rect(r), name: label(p, node.nodeValue), svg: null });
			});
		}
		boxes = boxes.filter(function (b) {
			return b.box.r - b.box.l > 0 && b.box.b - b.box.t > 0;
		});
		var overlaps = [], clipped = [];
		for (var i = 0; i < boxes.length; i++) {
			for (var j = i + 1; j < boxes.length; j++) {
				var a = boxes[i], b = boxes[j];
				if (a.el === b.el || a.el.contains(b.el) || b.el.contains(a.el)) continue;
				var ox = Math.min(a.box.r, b.box.r) - Math.max(a.box.l, b.box.l);
				var oy = Math.min(a.box.b, b.box.b) - Math.max(a.box.t, b.box.t);
				if (ox > 1 && oy > 1 && overlaps.length < 50)
					overlaps.push({ a: a.name, b: b.name, x: Math.round(ox * 10) / 10, y: Math.round(oy * 10) / 10 });
			}
		}
		var pageW = document.documentElement.clientWidth;
		boxes.forEach(function (b) {
			var lim = b.svg ? rect(b.svg.getBoundingClientRect()) : { l: 0, t: -Infinity, r: pageW, b: Infinity };
			if (b.box.l < lim.l - 1 || b.box.r > lim.r + 1 || b.box.t < lim.t - 1 || b.box.b > lim.b + 1)
				if (clipped.length < 50) clipped.push({ text: b.name, box: [b.box.l, b.box.t, b.box.r, b.box.b].map(Math.round) });
		});
		var out = { texts: boxes.length, overlaps: overlaps, clipped: clipped, ok: overlaps.length === 0 && clipped.length === 0 };
		report.textContent = JSON.stringify(out).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
	}
	function start() {
		var go = function () { try { run(); } catch (e) { report.textContent = JSON.stringify({ error: String(e) }); } };
		if (document.fonts && document.fonts.ready) document.fonts.ready.then(go, go); else go();
	}
	if (document.readyState === "complete") start(); else window.addEventListener("load", start);
})();
