// Sort the session tables by a column: click its header (again to reverse). Empty cells go last.
document.querySelectorAll("table.sortable th").forEach((th) => {
  th.tabIndex = 0;
  const sort = () => {
    const table = th.closest("table");
    const col = th.cellIndex;
    const dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
    table.querySelectorAll("th").forEach((h) => h.removeAttribute("aria-sort"));
    th.setAttribute("aria-sort", dir > 0 ? "ascending" : "descending");
    const key = (row) => row.cells[col].dataset.sort ?? row.cells[col].textContent.trim();
    const rows = [...table.tBodies[0].rows].sort((a, b) => {
      const x = key(a), y = key(b);
      if (x === "" || y === "") return (x === "") - (y === "");
      const nx = Number(x), ny = Number(y);
      return dir * (Number.isNaN(nx) || Number.isNaN(ny) ? x.localeCompare(y) : nx - ny);
    });
    table.tBodies[0].append(...rows);
  };
  th.addEventListener("click", sort);
  th.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); } });
});

// The print button: the browser's own print dialog (A4, one video per page; "Save as PDF" there).
document.querySelector(".print-button")?.addEventListener("click", () => window.print());
