#include "gui/downbanner.h"

#include <QDateTime>

namespace lockscope {

DownBanner::DownBanner(Subject subject, QWidget* parent)
    : QLabel(parent)
    , m_subject(subject) {
    setObjectName(QStringLiteral("downBanner"));
    setWordWrap(true);
    setTextFormat(Qt::RichText);
    setContentsMargins(10, 6, 10, 6);
    setStyleSheet(QStringLiteral("#downBanner { background: #fdecea; color: #8a1c13; "
                                 "border: 1px solid #e6a29c; border-radius: 3px; }"));
    hide();
}

void DownBanner::setDown(const QMap<Backend, int64_t>& since, const QMap<Backend, QString>& errors,
                         const QList<Backend>& refused) {
    m_since = since;
    if (since.isEmpty()) {
        clear();
        setToolTip({});
        hide();
        return;
    }
    QStringList lines, tips;
    for (auto it = since.cbegin(); it != since.cend(); ++it) {
        const QString name = backendDisplayName(it.key());
        const QString at =
            QDateTime::fromMSecsSinceEpoch(it.value()).toString(QStringLiteral("HH:mm:ss"));
        QString line;
        if (refused.contains(it.key())) {
            // Not down: this identity may not read it. The message names the grant.
            lines << tr("<b>%1 refused this connection's identity</b> since %2: %3")
                         .arg(name, at, errors.value(it.key()).toHtmlEscaped());
            continue;
        }
        switch (m_subject) {
        case Subject::Locks:
            line = tr("<b>%1 is down since %2</b>: the %1 rows are missing or last known "
                      "(greyed, with their age), not current.")
                       .arg(name, at);
            break;
        case Subject::Leases:
            line = tr("<b>%1 is down since %2</b>: its leases are not read; their lines stop "
                      "at the last known value.")
                       .arg(name, at);
            break;
        case Subject::Stock:
            line = tr("<b>%1 is down since %2</b>: the %1 stock is missing or last known "
                      "(greyed), not current.")
                       .arg(name, at);
            break;
        }
        lines << line;
        if (errors.contains(it.key()))
            tips << QStringLiteral("%1: %2").arg(name, errors.value(it.key()).toHtmlEscaped());
    }
    setText(lines.join(QStringLiteral("<br>")));
    setToolTip(tips.join(QStringLiteral("<br>")));
    show();
}

} // namespace lockscope
