// Builds a document in the background and shows its progress; the link still works without JS.
"use strict";
document.addEventListener("click", async (event) => {
  const link = event.target.closest("a.build");
  if (!link) return;
  event.preventDefault();
  const box = link.closest("section").querySelector(".build-status");
  const label = box.querySelector("span");
  const started = Date.now();
  box.hidden = false;
  box.classList.remove("error");
  box.querySelector("progress").hidden = false;
  const name = link.textContent.trim();
  label.textContent = `Đang lập văn bản: ${name}…`;
  const tick = setInterval(() => {
    const seconds = Math.round((Date.now() - started) / 1000);
    label.textContent = `Đang lập văn bản: ${name}… ${seconds} giây`;
  }, 1000);
  document.querySelectorAll("a.build").forEach((a) => a.setAttribute("aria-disabled", "true"));
  try {
    const response = await fetch(link.href, { credentials: "same-origin" });
    if (!response.ok) throw new Error(await response.text());
    const blob = await response.blob();
    const disposition = response.headers.get("Content-Disposition") || "";
    const match = disposition.match(/filename="([^"]+)"/);
    const save = document.createElement("a");
    save.href = URL.createObjectURL(blob);
    save.download = match ? match[1] : "bao-cao";
    document.body.appendChild(save);
    save.click();
    save.remove();
    setTimeout(() => URL.revokeObjectURL(save.href), 10000);
    box.querySelector("progress").hidden = true;
    label.textContent = `Đã lập xong: ${save.download}`;
  } catch (error) {
    box.classList.add("error");
    box.querySelector("progress").hidden = true;
    label.textContent = `Không lập được văn bản. ${error.message || ""}`.trim();
  } finally {
    clearInterval(tick);
    document.querySelectorAll("a.build").forEach((a) => a.removeAttribute("aria-disabled"));
  }
});
