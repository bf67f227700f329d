#include "gui/alertindicator.h"

#include "gui/alertcenter.h"

namespace lockscope {

AlertIndicator::AlertIndicator(const AlertCenter* center, QWidget* parent)
    : QToolButton(parent)
    , m_center(center) {
    setObjectName(QStringLiteral("alertIndicator"));
    setAutoRaise(true);
    setToolTip(tr("Firing alerts: click to see them"));
    connect(center, &AlertCenter::changed, this, &AlertIndicator::update_);
    update_();
}

void AlertIndicator::update_() {
    const int n = m_center->firingCount();
    if (n == m_shown)
        return;
    m_shown = n;
    setText(n == 0 ? tr("No alerts") : tr("⚠ %n alert(s)", nullptr, n));
    setStyleSheet(n == 0 ? QString()
                         : QStringLiteral("QToolButton { background: rgba(235, 140, 20, 110); "
                                          "border-radius: 3px; font-weight: bold; }"));
}

} // namespace lockscope
