#include "gui/changemodelabel.h"

#include "core/monitor/displaytext.h"

#include <QHBoxLayout>
#include <QLabel>

namespace lockscope {

ChangeModeLabel::ChangeModeLabel(QWidget* parent)
    : QWidget(parent) {
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(8);
}

QString ChangeModeLabel::shortText(ChangeMode mode) {
    switch (mode) {
    case ChangeMode::Tracking:
        return tr("tracking");
    case ChangeMode::Notifications:
        return tr("notifications");
    case ChangeMode::Watches:
        return tr("watches");
    case ChangeMode::Polling:
        return tr("polled");
    case ChangeMode::AdaptivePolling:
        return tr("adaptive");
    }
    return tr("polled");
}

void ChangeModeLabel::setModes(const QMap<Backend, ChangeStatus>& modes) {
    for (auto it = modes.cbegin(); it != modes.cend(); ++it) {
        if (m_shown.contains(it.key()) && m_shown.value(it.key()) == it.value())
            continue; // merged per server: a refresh that changed nothing repaints nothing
        m_shown.insert(it.key(), it.value());
        QLabel* label = m_labels.value(it.key());
        if (!label) {
            label = new QLabel(this);
            label->setObjectName(QStringLiteral("changeMode_%1").arg(backendName(it.key())));
            layout()->addWidget(label);
            m_labels.insert(it.key(), label);
        }
        const bool instant = it.value().mode != ChangeMode::Polling;
        label->setText(tr("%1: %2").arg(backendDisplayName(it.key()), shortText(it.value().mode)));
        label->setEnabled(instant); // polled is greyed: changes show only at the next refresh
        QString tip = QStringLiteral("<b>%1</b><br>%2")
                          .arg(backendDisplayName(it.key()).toHtmlEscaped(),
                               changeModeDescription(it.value().mode).toHtmlEscaped());
        if (!it.value().detail.isEmpty())
            tip += QStringLiteral("<br><i>%1</i>")
                       .arg(DisplayText::forTerminal(it.value().detail).toHtmlEscaped());
        label->setToolTip(tip);
    }
    // A backend no longer monitored (another connection) loses its label.
    for (auto it = m_labels.begin(); it != m_labels.end();) {
        if (modes.contains(it.key())) {
            ++it;
            continue;
        }
        m_shown.remove(it.key());
        delete it.value();
        it = m_labels.erase(it);
    }
}

} // namespace lockscope
