#include "core/monitor/displaytext.h"

#include <QChar>

namespace lockscope {

namespace {

/// Length of the valid UTF-8 sequence starting at b[i] (of n bytes), 0 when it is not one;
/// *cp its code point.
qsizetype utf8SequenceAt(const unsigned char* b, qsizetype n, qsizetype i, char32_t* cp) {
    const unsigned char c = b[i];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    qsizetype len = 0;
    unsigned char lo = 0x80, hi = 0xbf; // the range of the second byte
    char32_t v = 0;
    if (c >= 0xc2 && c <= 0xdf) {
        len = 2;
        v = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
        len = 3;
        v = c & 0x0f;
        lo = c == 0xe0 ? 0xa0 : 0x80; // no overlong forms
        hi = c == 0xed ? 0x9f : 0xbf; // no surrogates
    } else if (c >= 0xf0 && c <= 0xf4) {
        len = 4;
        v = c & 0x07;
        lo = c == 0xf0 ? 0x90 : 0x80;
        hi = c == 0xf4 ? 0x8f : 0xbf; // nothing above U+10FFFF
    } else {
        return 0;
    }
    if (i + len > n || b[i + 1] < lo || b[i + 1] > hi)
        return 0;
    for (qsizetype k = 2; k < len; ++k)
        if (b[i + k] < 0x80 || b[i + k] > 0xbf)
            return 0;
    for (qsizetype k = 1; k < len; ++k)
        v = (v << 6) | (b[i + k] & 0x3f);
    *cp = v;
    return len;
}

void appendHexByte(QString& out, unsigned v) {
    out += QStringLiteral("\\x%1").arg(v, 2, 16, QLatin1Char('0'));
}

/// s cut to maxChars and marked; `unseen` more characters were never escaped into s.
QString bounded(QString s, qsizetype maxChars, qsizetype unseen = 0) {
    if (maxChars < 0 || (s.size() <= maxChars && unseen == 0))
        return s;
    qsizetype cut = maxChars;
    if (cut > 0 && s.at(cut - 1).isHighSurrogate())
        --cut; // never split a surrogate pair
    // Never split an escape either: drop a partial "\x.." / "\u{...}" at the cut. (With cut 0
    // there is nothing before it: lastIndexOf(-1) would search from the end.)
    const qsizetype bs = cut > 0 ? s.lastIndexOf(u'\\', cut - 1) : -1;
    if (bs >= 0 && bs >= cut - 8) {
        const qsizetype end = s.at(bs + 1) == u'x' ? bs + 4 : s.indexOf(u'}', bs) + 1;
        if (end > cut)
            cut = bs;
    }
    const qsizetype more = s.size() - cut + unseen;
    s.truncate(cut);
    s += QStringLiteral("\u2026[+%1 chars]").arg(more);
    return s;
}

} // namespace

bool DisplayText::needsEscape(char32_t c) {
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f))
        return true;
    if (c == 0x2028 || c == 0x2029)
        return true;
    return QChar::category(c) == QChar::Other_Format;
}

QString DisplayText::forTerminal(const QString& s, qsizetype maxChars) {
    QString out;
    out.reserve(s.size());
    for (qsizetype i = 0; i < s.size(); ++i) {
        char32_t c = s.at(i).unicode();
        qsizetype units = 1;
        if (s.at(i).isHighSurrogate() && i + 1 < s.size() && s.at(i + 1).isLowSurrogate()) {
            c = QChar::surrogateToUcs4(s.at(i), s.at(i + 1));
            units = 2;
        } else if (s.at(i).isSurrogate()) {
            out += QStringLiteral("\\u{%1}").arg(uint(c), 4, 16, QLatin1Char('0'));
            continue; // a lone surrogate: never valid text
        }
        if (needsEscape(c)) {
            if (c <= 0xff)
                appendHexByte(out, uint(c));
            else
                out += QStringLiteral("\\u{%1}").arg(uint(c), 4, 16, QLatin1Char('0'));
        } else {
            out += s.mid(i, units);
        }
        i += units - 1;
        if (maxChars >= 0 && out.size() > maxChars + 16) // past the bound: the rest is counted
            return bounded(out, maxChars, s.size() - i - 1);
    }
    return bounded(out, maxChars);
}

QString DisplayText::bytesForTerminal(const QByteArray& b, qsizetype maxChars) {
    if (maxChars >= 0 && b.size() > maxChars * 4 + 64) {
        // Only the head can be shown: escape it alone (a 1 MB value is not escaped whole).
        const QString head = escapeBytes(b.left(maxChars * 4));
        const QString shown = bounded(head, maxChars);
        const qsizetype kept = shown.indexOf(QStringLiteral("\u2026[+"));
        return shown.left(kept) + QStringLiteral("\u2026[%1 bytes in all]").arg(b.size());
    }
    return bounded(escapeBytes(b), maxChars);
}

QString DisplayText::escapeBytes(const QByteArray& bytes) {
    const auto* b = reinterpret_cast<const unsigned char*>(bytes.constData());
    const qsizetype n = bytes.size();
    QString out;
    out.reserve(n);
    for (qsizetype i = 0; i < n;) {
        char32_t cp = 0;
        const qsizetype len = utf8SequenceAt(b, n, i, &cp);
        if (len == 0) {
            appendHexByte(out, b[i]);
            ++i;
        } else if (cp == u'\\') {
            out += QStringLiteral("\\\\");
            ++i;
        } else if (needsEscape(cp)) {
            for (qsizetype k = 0; k < len; ++k)
                appendHexByte(out, b[i + k]);
            i += len;
        } else {
            out += QString::fromUtf8(bytes.constData() + i, len);
            i += len;
        }
    }
    return out;
}

std::optional<QByteArray> DisplayText::unescapeBytes(const QString& text) {
    QByteArray out;
    out.reserve(text.size());
    const auto hex = [](QChar c) -> int {
        const char16_t u = c.unicode();
        if (u >= u'0' && u <= u'9')
            return u - u'0';
        if (u >= u'a' && u <= u'f')
            return u - u'a' + 10;
        if (u >= u'A' && u <= u'F')
            return u - u'A' + 10;
        return -1;
    };
    qsizetype plainStart = 0;
    auto flush = [&](qsizetype end) {
        if (end > plainStart)
            out += QStringView(text).mid(plainStart, end - plainStart).toUtf8();
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i) != u'\\')
            continue;
        flush(i);
        if (i + 1 >= text.size())
            return std::nullopt;
        if (text.at(i + 1) == u'\\') {
            out += '\\';
            i += 1;
        } else if (text.at(i + 1) == u'x' && i + 3 < text.size() && hex(text.at(i + 2)) >= 0 &&
                   hex(text.at(i + 3)) >= 0) {
            out += char(hex(text.at(i + 2)) * 16 + hex(text.at(i + 3)));
            i += 3;
        } else {
            return std::nullopt;
        }
        plainStart = i + 1;
    }
    flush(text.size());
    return out;
}

} // namespace lockscope
