#pragma once

#include "connectors/backend.h"
#include "core/backends/backendhealth.h"
#include "core/endpoints.h"

#include <QObject>
#include <memory>
#include <vector>

class QTimer;

namespace lockscope {

class BackendProbe;

/// Checks every registered backend's server on a timer, on the thread it lives in (the
/// console's probe thread): each backend's own probe connects, makes one round trip and reads
/// the version. Results come back by queued signal.
class ConnectionProbe : public QObject {
    Q_OBJECT
public:
    using State = BackendHealth::State;

    explicit ConnectionProbe(Endpoints endpoints, int intervalMs = 3000);
    ~ConnectionProbe() override;

public slots:
    void start();
    void probeAll();

signals:
    void status(lockscope::Backend backend, const lockscope::BackendHealth& health);

private:
    Endpoints m_endpoints;
    int m_intervalMs;
    QTimer* m_timer = nullptr;
    /// Built on first use, on the probe's thread; kept between probes.
    std::vector<std::pair<Backend, std::unique_ptr<BackendProbe>>> m_probes;
};

} // namespace lockscope

Q_DECLARE_METATYPE(lockscope::BackendHealth)
