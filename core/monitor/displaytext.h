#pragma once

#include <QByteArray>
#include <QString>
#include <optional>

namespace lockscope {

/// The one place where text or bytes read from a server (keys, values, znode names, query text,
/// holder names) are made safe to show, and where exact bytes are written as text and read back.
/// The CLI's text output, its prompts, its error messages and the audit text go through
/// forTerminal(); the console's tables and dialogs through it too; JSON carries escapeBytes().
class DisplayText {
public:
    /// Default bound of one piece of foreign text on a terminal line or in a cell.
    static constexpr qsizetype kMaxChars = 1024;

    /// s on one line, safe for a terminal: every control character (C0, DEL, C1), every format
    /// character (bidi overrides, zero-width ...) and line / paragraph separators as \xNN
    /// (\u{NNNN} above 0xff), so that nothing from a server can move the cursor, retitle or
    /// clear the terminal, cut a row or forge one. Longer than maxChars (after escaping, < 0: no
    /// bound): cut and marked "…[+N chars]".
    static QString forTerminal(const QString& s, qsizetype maxChars = kMaxChars);
    /// The same for bytes: escapeBytes() then bounded like forTerminal().
    static QString bytesForTerminal(const QByteArray& b, qsizetype maxChars = kMaxChars);

    /// Bytes as printable text that names them exactly: valid UTF-8 stays as it is, except a
    /// backslash ("\\") and control / format / separator characters; every other byte (those,
    /// and bytes that are not valid UTF-8) as \xNN. Reversible with unescapeBytes(); two
    /// different byte strings never escape to the same text.
    static QString escapeBytes(const QByteArray& b);
    /// The bytes escapeBytes() wrote; nullopt when text is not such an escape (a lone
    /// backslash, "\x" without two hex digits, "\q", ...).
    static std::optional<QByteArray> unescapeBytes(const QString& text);

    /// True for a character forTerminal() escapes.
    static bool needsEscape(char32_t c);
};

} // namespace lockscope
