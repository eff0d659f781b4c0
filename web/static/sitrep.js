/* sitrep.js — small enhancements for `sitrep serve`; every page works
 * without it. Loaded deferred from /static/ (the CSP allows no inline
 * script). */
"use strict";
(function () {
	/* "/" focuses the search box, as on many sites. */
	document.addEventListener("keydown", function (e) {
		if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey)
			return;
		var t = e.target && e.target.tagName;
		if (t === "INPUT" || t === "TEXTAREA" || t === "SELECT")
			return;
		var box = document.querySelector("form.quick input[name=q]");
		if (box) {
			e.preventDefault();
			box.focus();
			box.select();
		}
	});
	/* Empty filter fields stay out of the address: /events?dyad=BLR-RUS,
	 * not /events?dyad=BLR-RUS&actor=&root=&quad=&from=&to=. */
	var forms = document.querySelectorAll("form.filters, form.quick");
	for (var i = 0; i < forms.length; i++) {
		forms[i].addEventListener("submit", function () {
			var els = this.elements;
			for (var j = 0; j < els.length; j++)
				if (els[j].name && els[j].value === "" && els[j].type !== "checkbox")
					els[j].disabled = true;
		});
	}
	/* Back/forward restores a form with disabled fields: re-enable. */
	window.addEventListener("pageshow", function () {
		var els = document.querySelectorAll("form [disabled]");
		for (var k = 0; k < els.length; k++)
			els[k].disabled = false;
	});
})();
