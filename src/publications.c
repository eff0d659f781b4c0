/* publications.c — the table of known publications on Belarus, Russia and
 * their neighbours, and lookups by name and by URL host. Adding a source is
 * adding a row. */
#include "publications.h"

#include <pthread.h>
#include <string.h>

static const sr_publication pubs[] = {
	{"Eurasia Daily Monitor", "EDM|Jamestown Eurasia Daily Monitor", "jamestown.org", 2004},
	{"Belarus in Focus", "Situation in Belarus|belarusinfocus.info|belarusinfocus.pro",
	 "belarusinfocus.info|belarusinfocus.pro|belarusinfocus.by", 0},
	{"Belarus Security Blog", "bsblog.info", "bsblog.info", 0},
	{"Center for Strategic and Foreign Policy Studies", "forstrategy.org|CSFPS", "forstrategy.org", 0},
	{"Belarusian Yearbook", "", "nmn.media|nmnby.eu|nmnby.org", 0},
	{"Centre for Eastern Studies (OSW)", "OSW|Centre for Eastern Studies|Ośrodek Studiów Wschodnich",
	 "osw.waw.pl", 0},
	{"Radio Svaboda", "Radio Liberty Belarus Service|Радыё Свабода|svaboda.org", "svaboda.org", 0},
	{"Radio Free Europe/Radio Liberty", "RFE/RL", "rferl.org", 0},
	{"International Strategic Action Network for Security (iSANS)", "iSANS", "isans.org", 0},
	{"Belarus Digest", "belarusdigest.com", "belarusdigest.com", 0},
	{"Belarusian Institute for Strategic Studies (BISS)", "BISS", "belinstitute.com|belinstitute.eu", 0},
	{"Minsk Dialogue", "Minsk Dialogue Council on International Relations", "minskdialogue.by", 0},
	{"Nasha Niva", "Наша Ніва|nn.by", "nashaniva.com|nn.by", 0},
	{"Naviny.by", "Naviny|Навіны", "naviny.by|naviny.online|naviny.media", 0},
	{"Belsat", "Belsat TV|Белсат", "belsat.eu", 0},
	{"Zerkalo", "Zerkalo.io|Зеркало", "zerkalo.io", 0},
	{"TUT.BY", "tut.by", "tut.by", 0},
	{"BelTA", "Belarusian Telegraph Agency|БелТА", "belta.by", 0},
	{"Belapan", "Belapan News Agency|БелаПАН", "belapan.by|belapan.com", 0},
	{"Meduza", "Медуза", "meduza.io", 0},
	{"Carnegie Endowment for International Peace", "Carnegie|Carnegie Moscow Center|Carnegie Politika",
	 "carnegieendowment.org|carnegie.ru|carnegie.org", 0},
	{"Institute for the Study of War", "ISW", "understandingwar.org", 0},
	{"Royal United Services Institute", "RUSI", "rusi.org", 0},
	{"European Council on Foreign Relations", "ECFR", "ecfr.eu", 0},
	{"Interfax", "Интерфакс", "interfax.ru|interfax.by|interfax.com", 0},
	{"TASS", "ТАСС", "tass.ru|tass.com", 0},
	{"RIA Novosti", "РИА Новости", "ria.ru", 0},
	{"Kommersant", "Коммерсантъ", "kommersant.ru", 0},
	{"Reuters", "", "reuters.com", 0},
};

static int ieq(const char *a, size_t an, const char *b, size_t bn)
{
	if (an != bn)
		return 0;
	for (size_t i = 0; i < an; i++) {
		unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
		if (x >= 'A' && x <= 'Z')
			x |= 0x20;
		if (y >= 'A' && y <= 'Z')
			y |= 0x20;
		if (x != y)
			return 0;
	}
	return 1;
}

/* Every name and alias with its length, made once: the extractor asks
 * about every short line of a page, and most are rejected by length. */
#define MAX_NAMES 128
static struct name_ix {
	const char *p;
	size_t len;
	const sr_publication *pub;
} names[MAX_NAMES];
static size_t nnames;
static pthread_once_t names_once = PTHREAD_ONCE_INIT;

static void add_name(const char *p, size_t l, const sr_publication *pub)
{
	if (l && nnames < MAX_NAMES)
		names[nnames++] = (struct name_ix){p, l, pub};
}

static void names_build(void)
{
	for (size_t i = 0; i < sizeof pubs / sizeof pubs[0]; i++) {
		add_name(pubs[i].name, strlen(pubs[i].name), &pubs[i]);
		for (const char *p = pubs[i].aliases; *p;) {
			const char *e = strchr(p, '|');
			size_t l = e ? (size_t)(e - p) : strlen(p);
			add_name(p, l, &pubs[i]);
			if (!e)
				break;
			p = e + 1;
		}
	}
}

const sr_publication *sr_pub_by_name(const char *s, size_t n)
{
	if (!s)
		return NULL;
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '.'))
		n--;
	if (!n || n > 200)
		return NULL;
	pthread_once(&names_once, names_build);
	for (size_t i = 0; i < nnames; i++)
		if (names[i].len == n && ieq(names[i].p, n, s, n))
			return names[i].pub;
	return NULL;
}

const sr_publication *sr_pub_by_url(const char *url)
{
	if (!url)
		return NULL;
	const char *h = strstr(url, "://");
	h = h ? h + 3 : url;
	size_t n = strcspn(h, "/:?#");
	const char *at = memchr(h, '@', n); /* user@host */
	if (at) {
		n -= (size_t)(at + 1 - h);
		h = at + 1;
	}
	for (size_t i = 0; i < sizeof pubs / sizeof pubs[0]; i++) {
		const char *p = pubs[i].hosts;
		while (*p) {
			const char *e = strchr(p, '|');
			size_t l = e ? (size_t)(e - p) : strlen(p);
			/* the host itself, or a subdomain: "www." + host */
			if (l && n >= l && ieq(h + n - l, l, p, l) && (n == l || h[n - l - 1] == '.'))
				return &pubs[i];
			if (!e)
				break;
			p = e + 1;
		}
	}
	return NULL;
}
