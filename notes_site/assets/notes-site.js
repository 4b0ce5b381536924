// MathJax 3 for arithmatex (generic) output, after Material for MkDocs' documented recipe.
// Material emits on document$ for the first page and after each instant navigation; each time
// the page is typeset once MathJax's startup is done. MathJax's own startup typeset is off:
// with it the first page was typeset twice, the second pass nesting a copy of every formula
// inside the first one's assistive MathML.
window.MathJax = {
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
