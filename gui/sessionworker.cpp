#include "gui/sessionworker.h"

#include "connectors/connectorerror.h"
#include "core/backends/postgres/pgsessionscanner.h"
#include "core/monitor/forcereleaser.h"

#include <QElapsedTimer>
#include <QTimer>

namespace lockscope {

SessionWorker::SessionWorker(NamespaceConfig config, int intervalMs)
    : m_config(std::move(config))
    , m_intervalMs(intervalMs) {}

SessionWorker::~SessionWorker() = default;

void SessionWorker::start() {
    m_scanner = std::make_unique<PgSessionScanner>(m_config.postgres);
    m_timer = new QTimer(this);
    connect(m_timer, &QTimer::timeout, this, &SessionWorker::refreshNow);
    m_timer->start(m_intervalMs);
    refreshNow();
}

void SessionWorker::refreshNow() {
    if (!m_scanner)
        return;
    QElapsedTimer t;
    t.start();
    try {
        const std::vector<PgSession> all = m_scanner->scan();
        emit scanned(QList<PgSession>(all.begin(), all.end()), t.elapsed());
    } catch (const ConnectorError& e) {
        emit scanFailed(e.message());
    }
}

void SessionWorker::act(const LockEntry& session, const QString& reason, bool cancelOnly,
                        bool readOnly, quint64 requestId) {
    ForceReleaser::Request r;
    r.observed = session; // exactly what the operator saw: pid and backend start re-checked
    r.reason = reason;
    r.cancelOnly = cancelOnly;
    r.readOnly = readOnly;
    const ForceReleaser::Outcome out = ForceReleaser(m_config).release(r);
    emit actionFinished(requestId, out.status, out.message);
    refreshNow(); // re-observed: the page shows what is there now
}

} // namespace lockscope
