#pragma once

#include "connectors/backend.h"
#include "gui/endpoints.h"

#include <QObject>
#include <QString>

class QTimer;

namespace lockscope {

/// Checks each server on a worker thread: connect, one round trip, version. Lives in its own
/// QThread (owned by MainWindow); results come back by queued signal.
class ConnectionProbe : public QObject {
    Q_OBJECT
public:
    enum class State { Connecting, Connected, Down };
    Q_ENUM(State)

    explicit ConnectionProbe(Endpoints endpoints, int intervalMs = 3000);

public slots:
    void start();
    void probeAll();

signals:
    void status(lockscope::Backend backend, lockscope::ConnectionProbe::State state, double rttMs,
                const QString& version, const QString& error);

private:
    Endpoints m_endpoints;
    int m_intervalMs;
    QTimer* m_timer = nullptr;
};

} // namespace lockscope
