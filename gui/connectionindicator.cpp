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
                                    const QString& version, const QString& error,
                                    const QString& topology) {
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
    // The bar says which topology; the tooltip says every member.
    const QString shortTopology = topology.section(u':', 0, 0);
    setText(QStringLiteral("<span style='color:%1'>&#9679;</span> <b>%2</b> %3%4")
                .arg(colour, backendDisplayName(m_backend).toHtmlEscaped(), text.toHtmlEscaped(),
                     shortTopology.isEmpty()
                         ? QString()
                         : QStringLiteral(" <i>(%1)</i>").arg(shortTopology.toHtmlEscaped())));
    QString tip = state == ConnectionProbe::State::Down
                      ? error
                      : tr("%1 %2").arg(backendDisplayName(m_backend), version);
    if (!topology.isEmpty())
        tip += u'\n' + topology;
    setToolTip(tip);
}

} // namespace lockscope
