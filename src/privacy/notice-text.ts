/**
 * The plain-text markup administrators write notices in: blocks separated by a blank line; a block starting
 * with "## " is a heading, one whose lines all start with "- " a list, anything else a paragraph whose line
 * breaks are kept. Every character of the text is escaped: a notice can hold no markup of its own.
 */
export function renderNoticeText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter(Boolean)
    .map(renderBlock)
    .join('\n');
}

function renderBlock(block: string): string {
  if (block.startsWith('## ')) return `<h2>${escapeHtml(block.slice(3).trim())}</h2>`;
  const lines = block.split('\n');
  if (lines.every((line) => line.startsWith('- '))) return `<ul>${lines.map((line) => `<li>${escapeHtml(line.slice(2).trim())}</li>`).join('')}</ul>`;
  return `<p>${lines.map((line) => escapeHtml(line)).join('<br>')}</p>`;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character]!);
}
