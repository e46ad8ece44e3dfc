import { renderNoticeText } from './notice-text';

describe('renderNoticeText', () => {
  it('turns headings, lists and paragraphs into HTML, keeping line breaks inside a paragraph', () => {
    expect(renderNoticeText('## Verantwortlicher\n\nStadt Bad Homburg\nRathausplatz 1\n\n- eins\n- zwei')).toBe(
      '<h2>Verantwortlicher</h2>\n<p>Stadt Bad Homburg<br>Rathausplatz 1</p>\n<ul><li>eins</li><li>zwei</li></ul>',
    );
  });

  it('escapes every character that could be markup', () => {
    const html = renderNoticeText('## <script>alert(1)</script>\n\n<a href="javascript:x">"Müller" & Söhne\'s</a>');
    expect(html).not.toMatch(/<script|<a /);
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('&quot;Müller&quot; &amp; Söhne&#39;s');
  });

  it('accepts Windows line ends and ignores extra blank lines', () => {
    expect(renderNoticeText('\r\n\r\nA\r\n\r\n\r\nB\r\n')).toBe('<p>A</p>\n<p>B</p>');
  });
});
