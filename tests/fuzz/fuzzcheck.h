#pragma once

#include <QByteArray>
#include <QString>
#include <cstdio>
#include <cstdlib>

/// An invariant of a fuzz target: when it does not hold, say which and abort (libFuzzer records
/// the input as a crash). what: a QString naming the values involved.
#define FUZZ_CHECK(cond, what)                                                                     \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            std::fprintf(stderr, "invariant broken: %s (%s:%d): %s\n", #cond, __FILE__, __LINE__,  \
                         qPrintable(what));                                                        \
            std::abort();                                                                          \
        }                                                                                          \
    } while (0)

namespace lockscope::fuzz {

/// The input as the text a user or a file would give (UTF-8, invalid sequences replaced).
inline QString text(const uint8_t* data, size_t size) {
    return QString::fromUtf8(reinterpret_cast<const char*>(data), qsizetype(size));
}

inline QByteArray bytes(const uint8_t* data, size_t size) {
    return QByteArray(reinterpret_cast<const char*>(data), qsizetype(size));
}

} // namespace lockscope::fuzz

#include "core/monitor/displaytext.h"

namespace lockscope::fuzz {

/// Why s is not safe to show (a character DisplayText::forTerminal escapes), or empty.
inline QString unsafe(const QString& s) {
    for (qsizetype i = 0; i < s.size(); ++i) {
        char32_t c = s.at(i).unicode();
        if (s.at(i).isHighSurrogate() && i + 1 < s.size() && s.at(i + 1).isLowSurrogate()) {
            c = QChar::surrogateToUcs4(s.at(i), s.at(i + 1));
            ++i;
        } else if (s.at(i).isSurrogate()) {
            return QStringLiteral("lone surrogate at %1 in '%2'").arg(i).arg(s.left(200));
        }
        if (DisplayText::needsEscape(c))
            return QStringLiteral("raw U+%1 at %2 in '%3'")
                .arg(uint(c), 4, 16, QLatin1Char('0'))
                .arg(i)
                .arg(DisplayText::forTerminal(s, 200));
    }
    return {};
}

} // namespace lockscope::fuzz
