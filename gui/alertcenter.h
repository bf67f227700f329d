#pragma once

#include "core/alerts/alertactionrunner.h"
#include "core/alerts/alertengine.h"
#include "core/alerts/alertsettings.h"
#include "core/monitor/snapshot.h"

#include <QObject>
#include <QSet>
#include <memory>

namespace lockscope {

/// The console's alerts: the AlertEngine fed every snapshot the monitor worker delivers (on the
/// GUI thread, where they arrive: pure logic, no network), the configured command run per event
/// on the AlertActionRunner's own thread. The panel, the tray, the status bar and the Locks
/// table's highlight read it.
class AlertCenter : public QObject {
    Q_OBJECT
public:
    explicit AlertCenter(AlertSettings settings, QObject* parent = nullptr);
    ~AlertCenter() override;

    const AlertSettings& settings() const { return m_settings; }
    /// New rules and command: alerts of rules gone resolve at the next snapshot.
    void setSettings(AlertSettings settings);
    const AlertEngine& engine() const { return m_engine; }
    int firingCount() const { return int(m_engine.firing().size()); }
    /// LockEntry::id() of every lock with a firing alert.
    QSet<QString> alertedLockIds() const;

public slots:
    void onSnapshot(const lockscope::Snapshot& snapshot);
    /// The same with the time given (tests).
    void feed(const lockscope::Snapshot& snapshot, qint64 nowMs);

signals:
    /// Something fired or resolved (events in order, resolved first).
    void alertEvents(const std::vector<lockscope::AlertEvent>& events);
    /// The firing set or its details changed: views re-read engine().
    void changed();
    void alertedLocksChanged(const QSet<QString>& lockIds);

private:
    AlertSettings m_settings;
    AlertEngine m_engine;
    std::unique_ptr<AlertActionRunner> m_runner;
    QSet<QString> m_alerted;
};

} // namespace lockscope
