#include "core/monitor/connectionprobe.h"

#include "core/backends/backendregistry.h"
#include "core/backends/lockbackend.h"

#include <QTimer>

namespace lockscope {

ConnectionProbe::ConnectionProbe(Endpoints endpoints, int intervalMs)
    : m_endpoints(std::move(endpoints))
    , m_intervalMs(intervalMs) {
    qRegisterMetaType<BackendHealth>();
}

void ConnectionProbe::start() {
    m_timer = new QTimer(this);
    connect(m_timer, &QTimer::timeout, this, &ConnectionProbe::probeAll);
    m_timer->start(m_intervalMs);
    probeAll();
}

ConnectionProbe::~ConnectionProbe() = default;

void ConnectionProbe::probeAll() {
    if (m_probes.empty())
        for (const LockBackend* b : BackendRegistry::all())
            m_probes.emplace_back(b->id(), b->createProbe(m_endpoints));
    for (auto& [backend, probe] : m_probes)
        emit status(backend, probe->probe());
}

} // namespace lockscope
