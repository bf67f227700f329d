#pragma once

#include "core/demo/demoengine.h"
#include "core/demo/demoprogress.h"
#include "core/demo/demoresult.h"
#include "core/demo/demoscenario.h"

#include <QObject>
#include <QStringList>
#include <atomic>

namespace lockscope {

/// Runs demos on its own thread. cancel() may be called from any thread. Scenario, progress
/// and result cross threads as typed values (registered metatypes).
class DemoWorker : public QObject {
    Q_OBJECT
public:
    /// sandboxDir: the sandbox whose servers a fault may act on (failover, server-restart);
    /// empty: none known.
    explicit DemoWorker(NamespaceConfig config, QString workerProgram, QString sandboxDir = {});
    void cancel();

public slots:
    /// Runs each strategy in turn on fresh stock (one strategy = a single run); every run uses
    /// the scenario with its strategy replaced.
    void run(const QStringList& strategies, const lockscope::DemoScenario& scenario);

signals:
    void progress(const QString& strategy, const lockscope::DemoProgress& progress);
    void finished(const lockscope::DemoResult& result);
    void failed(const QString& error);
    void allDone();

private:
    NamespaceConfig m_config;
    QString m_workerProgram;
    QString m_sandboxDir;
    std::atomic<DemoEngine*> m_engine{nullptr};
    std::atomic<bool> m_cancelled{false};
};

} // namespace lockscope
