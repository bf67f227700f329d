#pragma once

#include "core/demo/demoengine.h"

#include <QJsonObject>
#include <QObject>
#include <atomic>

namespace lockscope {

/// Runs demos on its own thread. cancel() may be called from any thread.
class DemoWorker : public QObject {
    Q_OBJECT
public:
    explicit DemoWorker(NamespaceConfig config, QString workerProgram);
    void cancel();

public slots:
    /// Runs each strategy in turn on fresh stock (one strategy = a single run).
    void run(const QStringList& strategies, const QJsonObject& scenario);

signals:
    void progress(const QString& strategy, double elapsedS, int done, int confirmed, int stockLeft,
                  int oversold, const QString& holders);
    void finished(const QJsonObject& result);
    void failed(const QString& error);
    void allDone();

private:
    NamespaceConfig m_config;
    QString m_workerProgram;
    std::atomic<DemoEngine*> m_engine{nullptr};
    std::atomic<bool> m_cancelled{false};
};

/// The scenario as the Demo page's form holds it (JSON, the CLI's field names).
DemoScenario scenarioFromJson(const QJsonObject& o);

} // namespace lockscope
