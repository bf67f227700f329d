#pragma once

#include <QObject>

class QSocketNotifier;

namespace lockscope {

/// SIGTERM and SIGHUP (a `kill`, a logout, a service manager) become terminationRequested() on
/// the GUI thread, so the window closes the orderly way: settings saved, workers stopped, a
/// sandbox it started stopped. The handler only writes a byte to a pipe (async-signal-safe).
class TerminationWatcher : public QObject {
    Q_OBJECT
public:
    explicit TerminationWatcher(QObject* parent = nullptr);
    ~TerminationWatcher() override;

signals:
    void terminationRequested(int signal);

private:
    QSocketNotifier* m_notifier = nullptr;
};

} // namespace lockscope
