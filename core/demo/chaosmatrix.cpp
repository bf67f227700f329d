#include "core/demo/chaosmatrix.h"

#include "core/backends/backendregistry.h"
#include "core/backends/lockbackend.h"
#include "core/demo/faultinjector.h"
#include "core/demo/faultrefused.h"
#include "core/demo/faultroute.h"
#include "core/demo/historychecker.h"
#include "core/locks/lockstrategy.h"
#include "core/sandbox/sandboxerror.h"
#include "core/sandbox/sandboxinfo.h"

#include <cmath>
#include <stdexcept>

namespace lockscope {

namespace {

QJsonObject cellJson(const ChaosMatrix::Cell& cell) {
    return QJsonObject{{QStringLiteral("strategy"), cell.strategy},
                       {QStringLiteral("fault"), DemoScenario::faultName(cell.fault)},
                       {QStringLiteral("fencing"), cell.fencing}};
}

/// Why the servers in config cannot give this cell; empty when they can.
QString unavailable(const NamespaceConfig& config, const DemoScenario& s,
                    const QString& sandboxDir) {
    if (s.fault == DemoScenario::Fault::ServerRestart ||
        s.fault == DemoScenario::Fault::LeaderKill) {
        try {
            FaultInjector::create(config, s, sandboxDir); // only looks at the sandbox
        } catch (const std::invalid_argument& e) {
            return QString::fromUtf8(e.what());
        } catch (const FaultRefused& e) {
            return e.message(); // another fault run holds the sandbox
        }
    }
    if (s.strategy == u"redlock" && config.redlock.isEmpty())
        return QStringLiteral("no Redlock servers (LOCKSCOPE_REDLOCK, or an ha sandbox)");
    if (s.fault == DemoScenario::Fault::Failover &&
        config.redis.topology != RedisTopology::Sentinel)
        return QStringLiteral("failover needs Redis behind the Sentinel set of an ha sandbox "
                              "(--sandbox D of `sandbox up --topology ha`, --redis its "
                              "redis_sentinel URI)");
    if (s.fault != DemoScenario::Fault::Partition)
        return {};
    const bool lock = s.partition == DemoScenario::PartitionTarget::Lock;
    if (lock && s.strategy == u"redlock")
        return QStringLiteral("redlock's servers are several; a partition from one of them is "
                              "not offered");
    const LockBackend* target =
        lock ? BackendRegistry::forStrategy(s.strategy) : BackendRegistry::byName(s.store);
    if (!target)
        return QStringLiteral("no server to cut off");
    try {
        FaultRoute::upstream(config, target->id());
    } catch (const std::invalid_argument& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

} // namespace

QStringList ChaosMatrix::defaultStrategies() {
    return {QStringLiteral("redis"), QStringLiteral("zookeeper"), QStringLiteral("pg-row")};
}

QList<DemoScenario::Fault> ChaosMatrix::defaultFaults(const QString& sandboxDir) {
    QList<DemoScenario::Fault> faults{DemoScenario::Fault::Crash, DemoScenario::Fault::Pause,
                                      DemoScenario::Fault::Partition,
                                      DemoScenario::Fault::ServerRestart};
    try {
        if (!sandboxDir.isEmpty() &&
            SandboxInfo::load(sandboxDir).topology == SandboxInfo::Topology::Ha)
            faults << DemoScenario::Fault::LeaderKill;
    } catch (const SandboxError&) {
        // no sandbox there: the cells that need one are skipped with the reason
    }
    return faults;
}

DemoScenario ChaosMatrix::defaultScenario() {
    DemoScenario s;
    s.buyers = 4;
    s.stock = 4;
    s.items = 1;
    s.pay = std::chrono::milliseconds(20);
    s.lease = std::chrono::milliseconds(1000);
    s.faultRate = 0.5;
    s.seed = 1;
    return s;
}

DemoScenario ChaosMatrix::scenarioFor(const DemoScenario& base, const Cell& cell) {
    DemoScenario s = base;
    s.strategy = cell.strategy;
    s.fault = cell.fault;
    s.fencing = cell.fencing;
    return s;
}

std::vector<ChaosMatrix::Cell>
ChaosMatrix::plan(const NamespaceConfig& config, const DemoScenario& base,
                  const QStringList& strategies, const QList<DemoScenario::Fault>& faults,
                  const QList<bool>& fencings, const QString& sandboxDir) {
    std::vector<Cell> cells;
    for (const QString& strategy : strategies) {
        const bool locks = LockStrategy::lockingNames().contains(strategy);
        for (const DemoScenario::Fault fault : faults) {
            for (const bool fencing : fencings) {
                Cell cell{strategy, fault, fencing, {}};
                const DemoScenario s = scenarioFor(base, cell);
                if (!locks && s.faultNeedsLock())
                    cell.skipped = QStringLiteral("%1 takes no lock: the fault strikes a lock "
                                                  "holder")
                                       .arg(strategy);
                else if (!locks && fencing)
                    cell.skipped = QStringLiteral("%1 takes no lock: no token to fence with "
                                                  "(run with fencing off)")
                                       .arg(strategy);
                else if (const QString invalid = s.validate(); !invalid.isEmpty())
                    cell.skipped = invalid;
                else
                    cell.skipped = unavailable(config, s, sandboxDir);
                cells.push_back(cell);
            }
        }
    }
    return cells;
}

ChaosMatrix::Row ChaosMatrix::rowFor(const Cell& cell, const DemoResult& result) {
    Row row;
    row.cell = cell;
    row.runId = QString::fromStdString(result.runId);
    row.faultsStruck = int(result.faults.size());
    row.sold = result.verdict.sold;
    row.oversold = result.verdict.oversold;
    // The history checker's mutual exclusion check, on the run's own records.
    DemoHistory::Loaded history;
    history.scenario = result.scenario.toJson();
    history.records = result.history;
    for (const HistoryChecker::Result& r : HistoryChecker::check(history).results) {
        if (r.check != HistoryChecker::Check::MutualExclusion)
            continue;
        const auto overlaps = r.counts.find(QStringLiteral("overlaps"));
        row.overlappingHolds = overlaps == r.counts.end() ? 0 : overlaps->second;
        row.bothWrote = r.violations;
    }
    row.takenOver = result.takenOver();
    row.fencedWrites = result.fenced;
    row.failedPurchases = result.failed();
    row.timeToRecoverMs = result.timeToRecoverMs();
    row.infraReason = result.infraFailure();
    row.infraFailure = !row.infraReason.isEmpty();
    row.wallS = result.wallS;
    return row;
}

QJsonObject ChaosMatrix::Row::toJson() const {
    QJsonObject o = cellJson(cell);
    auto known = [](int v) { return v >= 0 ? QJsonValue(v) : QJsonValue(); };
    o.insert(QStringLiteral("run_id"), runId);
    o.insert(QStringLiteral("faults_struck"), faultsStruck);
    o.insert(QStringLiteral("sold"), known(sold));
    o.insert(QStringLiteral("oversold"), known(oversold));
    o.insert(QStringLiteral("overlapping_holds"), overlappingHolds);
    o.insert(QStringLiteral("overlaps_both_wrote"), bothWrote);
    o.insert(QStringLiteral("faults_taken_over"), takenOver);
    o.insert(QStringLiteral("fenced_writes"), fencedWrites);
    o.insert(QStringLiteral("failed_purchases"), failedPurchases);
    o.insert(QStringLiteral("time_to_recover_ms"),
             timeToRecoverMs >= 0 ? QJsonValue(timeToRecoverMs) : QJsonValue());
    o.insert(QStringLiteral("infra_failure"), infraFailure);
    o.insert(QStringLiteral("infra_reason"), infraReason);
    o.insert(QStringLiteral("wall_s"), std::round(wallS * 1000.0) / 1000.0);
    o.insert(QStringLiteral("skipped"), QJsonValue());
    return o;
}

QJsonObject ChaosMatrix::skippedJson(const Cell& cell) {
    QJsonObject o = cellJson(cell);
    for (const char* key :
         {"run_id", "faults_struck", "sold", "oversold", "overlapping_holds", "overlaps_both_wrote",
          "faults_taken_over", "fenced_writes", "failed_purchases", "time_to_recover_ms"})
        o.insert(QLatin1String(key), QJsonValue());
    o.insert(QStringLiteral("skipped"), cell.skipped);
    return o;
}

} // namespace lockscope
