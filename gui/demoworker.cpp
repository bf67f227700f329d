#include "gui/demoworker.h"

namespace lockscope {

DemoWorker::DemoWorker(NamespaceConfig config, QString workerProgram, QString sandboxDir)
    : m_config(std::move(config))
    , m_workerProgram(std::move(workerProgram))
    , m_sandboxDir(std::move(sandboxDir)) {
    qRegisterMetaType<lockscope::DemoScenario>();
    qRegisterMetaType<lockscope::DemoProgress>();
    qRegisterMetaType<lockscope::DemoResult>();
}

void DemoWorker::cancel() {
    m_cancelled = true;
    if (DemoEngine* e = m_engine.load())
        e->cancel();
}

void DemoWorker::run(const QStringList& strategies, const DemoScenario& scenario) {
    m_cancelled = false;
    for (const QString& strategy : strategies) {
        if (m_cancelled.load())
            break;
        DemoScenario s = scenario;
        s.strategy = strategy;
        DemoEngine::Options o;
        o.config = m_config;
        o.workerProgram = m_workerProgram;
        o.sandboxDir = m_sandboxDir;
        o.progressInterval = std::chrono::milliseconds(250);
        o.progress = [this, strategy](const DemoProgress& p) { emit progress(strategy, p); };
        DemoEngine engine(o);
        m_engine = &engine;
        try {
            const DemoResult r = engine.run(s);
            m_engine = nullptr;
            emit finished(r);
        } catch (const std::exception& e) {
            m_engine = nullptr;
            emit failed(QStringLiteral("%1: %2").arg(strategy, QString::fromUtf8(e.what())));
            break;
        } catch (...) {
            // Nothing may escape this thread's slot: it would end the console (exit 134).
            m_engine = nullptr;
            emit failed(tr("%1: an unknown failure").arg(strategy));
            break;
        }
    }
    emit allDone();
}

} // namespace lockscope
