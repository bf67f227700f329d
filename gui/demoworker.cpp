#include "gui/demoworker.h"

#include "connectors/connectorerror.h"

namespace lockscope {

DemoScenario scenarioFromJson(const QJsonObject& o) {
    DemoScenario s;
    s.strategy = o.value(QStringLiteral("strategy")).toString(s.strategy);
    s.store = o.value(QStringLiteral("store")).toString(s.store);
    s.items = o.value(QStringLiteral("items")).toInt(s.items);
    s.stock = o.value(QStringLiteral("stock")).toInt(s.stock);
    s.buyers = o.value(QStringLiteral("buyers")).toInt(s.buyers);
    s.attempts = o.value(QStringLiteral("attempts")).toInt(s.attempts);
    s.pay = std::chrono::milliseconds(o.value(QStringLiteral("pay_ms")).toInt(int(s.pay.count())));
    s.lease =
        std::chrono::milliseconds(o.value(QStringLiteral("lease_ms")).toInt(int(s.lease.count())));
    s.fencing = o.value(QStringLiteral("fencing")).toBool(s.fencing);
    DemoScenario::parseFault(o.value(QStringLiteral("fault")).toString(QStringLiteral("none")),
                             &s.fault);
    s.faultRate = o.value(QStringLiteral("fault_rate")).toDouble(s.faultRate);
    s.seed = o.value(QStringLiteral("seed")).toString(QStringLiteral("1")).toULongLong();
    return s;
}

DemoWorker::DemoWorker(NamespaceConfig config, QString workerProgram)
    : m_config(std::move(config))
    , m_workerProgram(std::move(workerProgram)) {}

void DemoWorker::cancel() {
    m_cancelled = true;
    if (DemoEngine* e = m_engine.load())
        e->cancel();
}

void DemoWorker::run(const QStringList& strategies, const QJsonObject& scenario) {
    m_cancelled = false;
    for (const QString& strategy : strategies) {
        if (m_cancelled.load())
            break;
        DemoScenario s = scenarioFromJson(scenario);
        s.strategy = strategy;
        DemoEngine::Options o;
        o.config = m_config;
        o.workerProgram = m_workerProgram;
        o.progressInterval = std::chrono::milliseconds(250);
        o.progress = [this, strategy](const DemoProgress& p) {
            QStringList holders;
            for (const auto& [item, h] : p.holderByItem)
                if (!h.empty())
                    holders << QStringLiteral("%1: %2").arg(item).arg(QString::fromStdString(h));
            emit progress(strategy, p.elapsedS, p.done, p.confirmed, p.stockLeft, p.oversoldSoFar,
                          holders.join(QStringLiteral(", ")));
        };
        DemoEngine engine(o);
        m_engine = &engine;
        try {
            const DemoResult r = engine.run(s);
            m_engine = nullptr;
            emit finished(r.toJson());
        } catch (const std::exception& e) {
            m_engine = nullptr;
            emit failed(QStringLiteral("%1: %2").arg(strategy, QString::fromUtf8(e.what())));
            break;
        }
    }
    emit allDone();
}

} // namespace lockscope
