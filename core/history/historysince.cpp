#include "core/history/historysince.h"

#include <QDateTime>
#include <QRegularExpression>

namespace lockscope {

std::optional<int64_t> HistorySince::parse(const QString& text, int64_t nowMs) {
    const QString t = text.trimmed();
    static const QRegularExpression span(QStringLiteral("^(\\d{1,9})(s|m|h|d)$"));
    if (const auto m = span.match(t); m.hasMatch()) {
        const int64_t n = m.captured(1).toLongLong();
        const QChar unit = m.captured(2).front();
        const int64_t perUnit = unit == u's'   ? 1000
                                : unit == u'm' ? 60'000
                                : unit == u'h' ? 3'600'000
                                               : 86'400'000;
        return nowMs - n * perUnit;
    }
    QDateTime dt = QDateTime::fromString(t, Qt::ISODateWithMs);
    if (!dt.isValid())
        dt = QDateTime::fromString(t, Qt::ISODate);
    if (!dt.isValid()) {
        const QDate d = QDate::fromString(t, Qt::ISODate);
        if (d.isValid())
            dt = d.startOfDay();
    }
    if (!dt.isValid())
        return std::nullopt;
    return dt.toMSecsSinceEpoch();
}

} // namespace lockscope
