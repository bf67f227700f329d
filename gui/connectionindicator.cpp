#include "gui/connectionindicator.h"

#include <QLocale>

namespace lockscope {

ConnectionIndicator::ConnectionIndicator(Backend backend, QWidget* parent)
    : QLabel(parent)
    , m_backend(backend) {
    setTextFormat(Qt::RichText);
    setContentsMargins(8, 0, 8, 0);
    setStatus(ConnectionProbe::State::Connecting, 0, {}, {});
}

void ConnectionIndicator::setStatus(ConnectionProbe::State state, double rttMs,
                                    const QString& version, const QString& error) {
    m_state = state;
    ++m_updates;
    QString colour;
    QString text;
    switch (state) {
    case ConnectionProbe::State::Connecting:
        colour = QStringLiteral("#c9a227");
        text = tr("connecting");
        break;
    case ConnectionProbe::State::Connected:
        colour = QStringLiteral("#2e9d4f");
        text = tr("%1 ms").arg(QLocale().toString(rttMs, 'f', 1));
        break;
    case ConnectionProbe::State::Down:
        colour = QStringLiteral("#d1392b");
        text = tr("down");
        break;
    }
    setText(QStringLiteral("<span style='color:%1'>&#9679;</span> <b>%2</b> %3")
                .arg(colour, backendDisplayName(m_backend).toHtmlEscaped(), text.toHtmlEscaped()));
    setToolTip(state == ConnectionProbe::State::Down
                   ? error
                   : tr("%1 %2").arg(backendDisplayName(m_backend), version));
}

} // namespace lockscope
