// Read by `cargo workbook check-browser` in each loaded page of the book:
// what it shows (images and their sizes, figures and their captions),
// where its links lead, and which anchors it has. Returns a PageReading.
(() => {
  const size = (w, h) => [w || 0, h || 0];
  const main = document.querySelector('main');
  const h1 = main && main.querySelector('h1');
  return {
    title: h1 ? h1.textContent.trim() : null,
    images: Array.from(document.images, img => {
      const box = img.getBoundingClientRect();
      return {
        src: img.getAttribute('src') || img.currentSrc,
        loaded: img.complete,
        in_figure: img.closest('figure.wb-figure') !== null,
        natural: size(img.naturalWidth, img.naturalHeight),
        shown: size(box.width, box.height),
      };
    }),
    figures: Array.from(document.querySelectorAll('figure.wb-figure'), f => ({
      id: f.id,
      machine: (f.querySelector('figcaption .wb-machine') || { textContent: '' }).textContent.trim(),
    })),
    links: Array.from(document.querySelectorAll('a[href]'), a => a.href),
    anchors: Array.from(document.querySelectorAll('[id], a[name]'), e => e.id || e.getAttribute('name')),
  };
})()
