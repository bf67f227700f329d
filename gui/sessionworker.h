#pragma once

#include "core/backends/postgres/pgsession.h"
#include "core/backends/releaseoutcome.h"
#include "core/monitor/lockentry.h"
#include "core/namespaceconfig.h"

#include <QList>
#include <QObject>
#include <memory>

class QTimer;

namespace lockscope {

class PgSessionScanner;

/// Lives on the Sessions page's own thread: scans pg_stat_activity on a timer (PgSessionScanner,
/// every call with a deadline), and terminates or cancels a session through ForceReleaser (the
/// audited, re-checked force-release path), then scans again at once so the page shows what is
/// true afterwards. Results by queued signal; the GUI thread never waits.
class SessionWorker : public QObject {
    Q_OBJECT
public:
    explicit SessionWorker(NamespaceConfig config, int intervalMs = 2000);
    ~SessionWorker() override;

public slots:
    void start();
    void refreshNow();
    void act(const lockscope::LockEntry& session, const QString& reason, bool cancelOnly,
             bool readOnly, quint64 requestId);

signals:
    void scanned(const QList<lockscope::PgSession>& sessions, qint64 scanMs);
    void scanFailed(const QString& error);
    void actionFinished(quint64 requestId, lockscope::ReleaseOutcome::Status status,
                        const QString& message);

private:
    NamespaceConfig m_config;
    int m_intervalMs;
    QTimer* m_timer = nullptr;
    std::unique_ptr<PgSessionScanner> m_scanner;
};

} // namespace lockscope
