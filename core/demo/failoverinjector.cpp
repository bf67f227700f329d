#include "core/demo/failoverinjector.h"

#include "core/demo/faultrefused.h"
#include "core/demo/secondwriter.h"
#include "core/fault/sentinelfailover.h"
#include "core/logging.h"
#include "core/sandbox/sandboxerror.h"
#include "core/sandbox/sandboxinfo.h"

#include <stdexcept>

namespace lockscope {

using namespace std::chrono;

FailoverInjector::FailoverInjector(const NamespaceConfig& config, const DemoScenario& scenario,
                                   const QString& sandboxDir)
    : FaultInjector(config, scenario) {
    if (sandboxDir.isEmpty())
        throw std::invalid_argument("--fault failover needs --sandbox DIR of a `sandbox up "
                                    "--topology ha`: LockScope fails over only servers it started");
    SandboxInfo info;
    try {
        info = SandboxInfo::load(sandboxDir);
    } catch (const SandboxError& e) {
        throw std::invalid_argument(("--fault failover: " + e.message()).toStdString());
    }
    if (info.redisSentinelUri.isEmpty())
        throw std::invalid_argument("--fault failover needs the Sentinel set of an ha sandbox "
                                    "(`sandbox up --topology ha`); this one is single");
    if (config.redis.topology != RedisTopology::Sentinel)
        throw std::invalid_argument(("--fault failover: lock through the Sentinel set (--redis " +
                                     info.redisSentinelUri + "), not " + config.redis.toString())
                                        .toStdString());
    m_failover = std::make_unique<SentinelFailover>(info);
}

FailoverInjector::~FailoverInjector() = default;

void FailoverInjector::makeReady() {
    try {
        noteRestored(m_failover->makeWhole(milliseconds(60000)));
    } catch (const SandboxError& e) {
        throw FaultRefused(FaultRefused::Reason::Unhealthy,
                           QStringLiteral("--fault failover refused: %1; the primary must stream "
                                          "to an online replica before the fault")
                               .arg(e.message()));
    }
}

void FailoverInjector::prepare(system_clock::time_point runStart) {
    FaultInjector::prepare(runStart);
    m_failover->isolateReplica();
    mergeReport({{QStringLiteral("old_primary"), m_failover->oldPrimary().toString()}});
}

void FailoverInjector::strike(int item, const PurchaseRecord& rec, std::stop_token stop) {
    const auto heldSince = steady_clock::now();
    FaultEvent ev = strikeEvent(item, rec);
    QJsonObject r = victimReport(item, rec);
    m_stop = stop;
    beginOutage();
    try {
        m_failover->failOver(duration_cast<milliseconds>(kFailoverTimeout), stop);
        endOutage();
        ev.endUs = sinceStartUs();
        r.insert(QStringLiteral("new_primary"), m_failover->newPrimary().toString());
        r.insert(QStringLiteral("failover_ms"), qint64(m_failover->failoverTook().count()));
        // Hold on until someone else has written this item's stock: a second holder.
        const bool second =
            waitForSecondWriter(m_config, m_scenario.store, item, rec.stockRead,
                                duration_cast<milliseconds>(kSecondHolderTimeout), stop);
        const auto held = duration_cast<milliseconds>(steady_clock::now() - heldSince);
        r.insert(QStringLiteral("second_holder_wrote"), second);
        r.insert(QStringLiteral("victim_held_ms"), qint64(held.count()));
        // Whether the victim's lease still ran when the other holder wrote: the lock was lost
        // to the failover, not to an expiry.
        r.insert(QStringLiteral("victim_lease_left_ms"), qint64((m_scenario.lease - held).count()));
        if (stop.stop_requested())
            r.insert(QStringLiteral("cancelled"), true);
        qCInfo(lcDemo) << "failover fault: buyer" << rec.buyer << "held item" << item
                       << "through the failover; second holder wrote:" << second;
    } catch (const std::exception& e) {
        endOutage();
        if (stop.stop_requested()) {
            r.insert(QStringLiteral("cancelled"), true); // not a failure: the operator stopped it
        } else {
            r.insert(QStringLiteral("error"), QString::fromUtf8(e.what()));
            qCWarning(lcDemo) << "failover fault failed:" << e.what();
        }
    }
    mergeReport(r);
    // The engine replaces the struck buyer's own event with this one: without it the run's
    // fault events lost the failover.
    setEvent(ev);
}

void FailoverInjector::finish() {
    try {
        // A cancelled run starts the old primary again without waiting for its resync: it
        // exits promptly, and the next fault run waits for the replica (makeWhole()).
        m_failover->restore(milliseconds(60000), !m_stop.stop_requested());
    } catch (const std::exception& e) {
        mergeReport({{QStringLiteral("restore_error"), QString::fromUtf8(e.what())}});
    }
}

} // namespace lockscope
