#include "gui/alerttray.h"

#include "core/monitor/displaytext.h"
#include "gui/alertcenter.h"

#include <QIcon>
#include <QStringList>
#include <QSystemTrayIcon>

namespace lockscope {

AlertTray::AlertTray(const AlertCenter* center, QObject* parent)
    : QObject(parent) {
    connect(center, &AlertCenter::alertEvents, this, &AlertTray::notify);
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        return;
    m_tray = new QSystemTrayIcon(QIcon(QStringLiteral(":/icons/lockscope.svg")), this);
    m_tray->setToolTip(tr("LockScope"));
    connect(m_tray, &QSystemTrayIcon::activated, this, &AlertTray::activated);
    connect(m_tray, &QSystemTrayIcon::messageClicked, this, &AlertTray::activated);
    m_tray->show();
}

void AlertTray::notify(const std::vector<AlertEvent>& events) {
    if (!m_tray)
        return;
    QStringList fired;
    for (const AlertEvent& e : events)
        if (e.type == AlertEvent::Type::Fired)
            fired << QStringLiteral("%1: %2").arg(DisplayText::forTerminal(e.alert.subject()),
                                                  DisplayText::forTerminal(e.alert.detail));
    if (fired.isEmpty())
        return;
    m_tray->showMessage(tr("LockScope: %n alert(s) fired", nullptr, int(fired.size())),
                        fired.mid(0, 5).join(u'\n'), QSystemTrayIcon::Warning, 10000);
}

} // namespace lockscope
