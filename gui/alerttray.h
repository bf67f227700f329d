#pragma once

#include "core/alerts/alertevent.h"

#include <QObject>
#include <vector>

class QSystemTrayIcon;

namespace lockscope {

class AlertCenter;

/// A tray notification per fired alert, when the desktop has a system tray
/// (QSystemTrayIcon::isSystemTrayAvailable(); not under Xvfb): then the status bar's indicator
/// and the Alerts page are all there is, and available() says so.
class AlertTray : public QObject {
    Q_OBJECT
public:
    AlertTray(const AlertCenter* center, QObject* parent = nullptr);
    bool available() const { return m_tray != nullptr; }

signals:
    /// The operator clicked the icon or a message: show the Alerts page.
    void activated();

private:
    void notify(const std::vector<AlertEvent>& events);

    QSystemTrayIcon* m_tray = nullptr;
};

} // namespace lockscope
