// MathJax 3 for arithmatex (generic) output, after Material for MkDocs' documented recipe.
// Material emits on document$ for the first page and after each instant navigation; each time
// the page is typeset once MathJax's startup is done. MathJax's own startup typeset is off:
// with it the first page was typeset twice, the second pass nesting a copy of every formula
// inside the first one's assistive MathML.
//
// Math comes from notes files that strangers edit: MathJax's safe extension (ui/safe, loaded
// from beside the combined component) filters \href, \class, \style, \cssId and \data, so a
// formula cannot make a `javascript:` link. Its link schemes are the site's own (SAFE_SCHEMES
// in notes_site/safety.py; a test holds the two equal).
window.MathJax = {
  loader: {
    load: ["ui/safe"],
  },
  startup: {
    typeset: false,
  },
  tex: {
    inlineMath: [["\\(", "\\)"]],
    displayMath: [["\\[", "\\]"]],
    processEscapes: true,
    processEnvironments: true,
  },
  options: {
    ignoreHtmlClass: ".*|",
    processHtmlClass: "arithmatex",
    safeOptions: {
      safeProtocols: { http: true, https: true, mailto: true, file: false, javascript: false, data: false },
    },
  },
};

document$.subscribe(() => {
  const startup = window.MathJax && window.MathJax.startup;
  if (!startup || !startup.promise) {
    return;
  }
  startup.promise.then(() => {
    MathJax.startup.output.clearCache();
    MathJax.typesetClear();
    MathJax.texReset();
    return MathJax.typesetPromise();
  });
});
