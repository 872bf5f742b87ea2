document.addEventListener("keydown", function (e) {
  var rel = {ArrowLeft: "prev", ArrowRight: "next"}[e.key];
  var link = rel && !(e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) && document.querySelector("a[rel=" + rel + "]");
  if (link) location.href = link.href;
});