// Citing by selecting: a selected passage (mouse) or a focused sentence (Enter or Space)
// becomes the quote; the quote is checked against the document as it is typed or trimmed.
(function () {
  "use strict";
  const QUOTES = { "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
    "\u00a0": " " };

  function normalise(text) {
    const folded = Array.from(text, (c) => QUOTES[c] || c).join("");
    return folded.replace(/\s+/g, " ").trim();
  }

  document.addEventListener("DOMContentLoaded", function () {
    const documentText = document.getElementById("document-text");
    const quote = document.getElementById("id_quote");
    const check = document.getElementById("quote-check");
    if (!documentText || !quote) {
      return;
    }
    const haystack = documentText.dataset.normalised;

    function checkQuote() {
      const value = normalise(quote.value);
      if (!value) {
        check.textContent = "";
        quote.removeAttribute("aria-invalid");
      } else if (haystack.includes(value)) {
        check.textContent = "The quote occurs in the document.";
        quote.removeAttribute("aria-invalid");
      } else {
        check.textContent = "This quote does not occur in the document word for word.";
        quote.setAttribute("aria-invalid", "true");
      }
    }

    function useQuote(text) {
      quote.value = text.trim();
      checkQuote();
    }

    // A press on a focusable passage would focus it and drop the selection being started:
    // passages leave the tab order while the mouse is down, and come back when it is up.
    const passages = documentText.querySelectorAll(".passage");
    documentText.addEventListener("mousedown", function () {
      passages.forEach((passage) => passage.removeAttribute("tabindex"));
    }, true);
    document.addEventListener("mouseup", function (event) {
      passages.forEach((passage) => passage.setAttribute("tabindex", "0"));
      if (!documentText.contains(event.target)) {
        return;
      }
      const selected = window.getSelection().toString();
      if (selected.trim()) {
        useQuote(selected);
      }
    });
    documentText.addEventListener("keydown", function (event) {
      const passage = event.target.closest(".passage");
      if (passage && (event.key === "Enter" || event.key === " ")) {
        event.preventDefault();
        useQuote(passage.textContent);
        quote.focus();
      }
    });
    quote.addEventListener("input", checkQuote);
    checkQuote();

    // The fact picker: typing in the search box above it keeps only the facts that match.
    const picker = document.getElementById("id_fact");
    const search = document.getElementById("fact-search");
    if (picker && search) {
      search.addEventListener("input", function () {
        const words = normalise(search.value).toLowerCase().split(" ").filter(Boolean);
        picker.querySelectorAll("option").forEach(function (option) {
          const label = normalise(option.textContent).toLowerCase();
          option.hidden = Boolean(option.value) && !words.every((word) => label.includes(word));
        });
      });
    }
  });
})();
