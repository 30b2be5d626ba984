// followup: a "copy" button for a draft or a link (issue 26). It replaces a code block whose
// syntax highlighter cost a phone 1.56 MB on the first plan: one button, no library. The text
// goes to the clipboard (navigator.clipboard where the page is secure: https, localhost), or
// through a hidden text area and the browser's copy command elsewhere.
function fallback(text, host) {
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  host.appendChild(area);
  area.select();
  let copied = false;
  try {
    copied = document.execCommand("copy");
  } finally {
    host.removeChild(area);
  }
  return copied;
}

async function copy(text, host) {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (error) {
      // refused (a permission, an unfocused page): the older way below
    }
  }
  return fallback(text, host);
}

export default function (component) {
  const { data, parentElement } = component;
  const button = parentElement.querySelector("button");
  if (!button || !data) return;
  const label = button.querySelector("span.label");
  label.textContent = data.label;
  button.dataset.state = "ready";
  button.onclick = async () => {
    const copied = await copy(String(data.text || ""), parentElement);
    label.textContent = copied ? data.done : data.failed;
    button.dataset.state = copied ? "copied" : "failed";
    window.clearTimeout(button.__followupReset);
    button.__followupReset = window.setTimeout(() => {
      label.textContent = data.label;
      button.dataset.state = "ready";
    }, 2500);
  };
}
